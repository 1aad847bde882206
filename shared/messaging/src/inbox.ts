/**
 * Inbox retention (docs/decisions/0011-inbox-retention.md). An applied event's id stays in `inbox`
 * for as long as another copy of the same event can still arrive, so that the copy is recognised
 * and changes nothing; after that the id goes. Pruning deletes in small batches, each its own short
 * transaction, and yields to the event loop between them: the web process never waits on it.
 */
import { and, inArray, isNotNull, lt, notInArray } from "drizzle-orm";
import type { Db } from "./db";
import { deadLetters, inbox } from "./tables";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How long an applied event's id is kept: 30 days, far beyond any redelivery horizon this suite
 * can produce without an operator (see the decision record for the argument).
 */
export const INBOX_RETENTION_MS = 30 * DAY_MS;

/** Rows deleted per transaction: a few milliseconds of writing, whatever the inbox holds. */
export const INBOX_PRUNE_BATCH = 500;

export interface InboxPruneOptions {
  /** The current time (tests move it past the retention). */
  now?: number;
  retentionMs?: number;
  batchSize?: number;
  /** Checked between batches: pruning stops early when it returns true (the process stops). */
  stopped?: () => boolean;
}

/**
 * The statement deleting up to `batchSize` of the oldest inbox rows applied before `cutoff` (found
 * through `inbox_applied_at`). Ids that a stored dead letter also carries are kept whatever their
 * age: a dead letter can be replayed from /ops at any time, and must then be recognised if another
 * copy of it was applied meanwhile.
 */
export function inboxPruneStatement(db: Db, cutoff: number, batchSize = INBOX_PRUNE_BATCH) {
  const deadLettered = db
    .select({ eventId: deadLetters.eventId })
    .from(deadLetters)
    .where(isNotNull(deadLetters.eventId));
  const oldest = db
    .select({ eventId: inbox.eventId })
    .from(inbox)
    .where(and(lt(inbox.appliedAt, cutoff), notInArray(inbox.eventId, deadLettered)))
    .orderBy(inbox.appliedAt)
    .limit(batchSize);
  return db.delete(inbox).where(inArray(inbox.eventId, oldest));
}

/** Deletes one batch (one statement, one short transaction). Returns the number of rows deleted. */
export function pruneInboxBatch(db: Db, cutoff: number, batchSize = INBOX_PRUNE_BATCH): number {
  return inboxPruneStatement(db, cutoff, batchSize).run().changes;
}

/**
 * Deletes every inbox row older than the retention, batch after batch, letting requests and
 * deliveries run between batches. Resolves with the number of rows deleted.
 */
export async function pruneInbox(db: Db, options: InboxPruneOptions = {}): Promise<number> {
  const cutoff = (options.now ?? Date.now()) - (options.retentionMs ?? INBOX_RETENTION_MS);
  const batchSize = options.batchSize ?? INBOX_PRUNE_BATCH;
  let deleted = 0;
  for (;;) {
    const n = pruneInboxBatch(db, cutoff, batchSize);
    deleted += n;
    if (n < batchSize || options.stopped?.()) return deleted;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
