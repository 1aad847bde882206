/** The outbox as store's own pages see it (the relay in @scs/messaging publishes from it). */
import { count, isNull } from "drizzle-orm";
import type { StoreDb } from "../client";
import { outbox } from "../schema";

export function countPendingOutbox(db: StoreDb): number {
  return db.select({ n: count() }).from(outbox).where(isNull(outbox.publishedAt)).get()?.n ?? 0;
}
