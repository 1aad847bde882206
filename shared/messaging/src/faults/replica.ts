/**
 * The replica's handlers, shared by the replica process and in-process tests: a version-checked
 * copy of catalog products and music albums, each execution logged in `effects`.
 */
import { eq } from "drizzle-orm";
import type { Tx } from "../db";
import type { Subscriptions } from "../types";
import { copies, effects } from "./model";

function applyCopy(tx: Tx, eventId: string, source: string, id: string, version: number) {
  const pk = `${source}:${id}`;
  const current = tx.select({ version: copies.version }).from(copies).where(eq(copies.pk, pk)).get();
  tx.insert(effects).values({ eventId, pk, version }).run();
  if (current && current.version >= version) return;
  tx.insert(copies)
    .values({ pk, source, id, version })
    .onConflictDoUpdate({ target: copies.pk, set: { version } })
    .run();
}

export const replicaSubscriptions: Subscriptions = {
  "catalog.product.upserted": (event, tx) =>
    applyCopy(tx, event.id, "catalog", event.data.id, event.aggregateversion ?? 0),
  "music.album.upserted": (event, tx) =>
    applyCopy(tx, event.id, "music", event.data.id, event.aggregateversion ?? 0),
};
