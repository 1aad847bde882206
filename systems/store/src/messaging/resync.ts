/**
 * Resync (ARCHITECTURE "Resync"): a store that holds no offer at all from a source (new, or its
 * database was wiped) asks that source to re-publish its current state by recording
 * `store.resync.requested {from:[...]}` in the outbox. catalog and music answer by recording every
 * product / album again as `...upserted` with its current version; the version rule makes the
 * replays harmless. Checked at every server start; a source that really has nothing to sell is
 * simply asked again at the next start.
 */
import { recordEvent, transact } from "@scs/messaging/outbox";
import type { StoreDb } from "@/db/client";
import { countOffersBySource } from "@/db/queries/offers";
import { type OfferSource, offerSources } from "@/db/schema";

export function requestResyncIfEmpty(db: StoreDb): OfferSource[] {
  return transact(db, (tx) => {
    const counts = countOffersBySource(tx);
    const from = offerSources.filter((source) => counts[source] === 0);
    if (from.length > 0) recordEvent(tx, "store.resync.requested", "offers", { from });
    return from;
  });
}
