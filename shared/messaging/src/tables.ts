/**
 * The messaging tables every system has in its own database. A system re-exports them from its
 * `src/db/schema.ts` so that drizzle-kit generates them into the system's own migrations.
 */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Events written in the same transaction as the change they describe; the relay publishes them. */
export const outbox = sqliteTable(
  "outbox",
  {
    // The rowid, without AUTOINCREMENT (whose sqlite_sequence row was one more page in every
    // commit): SQLite gives a new row the largest seq + 1, and the relay's prune never deletes the
    // newest row, so seqs only grow and the relay's cursor (`sentUpTo`) never skips one.
    seq: integer("seq").primaryKey(),
    // Not indexed: the id is a random UUID made where the event is recorded, and nothing looks a
    // row up by it. Its unique index put a random leaf page into every commit's WAL (about one
    // page in six of a catalog edit's, and a quarter of its commit's CPU; issue 15).
    eventId: text("event_id").notNull(),
    type: text("type").notNull(),
    /** The whole CloudEvent as JSON, exactly as it will be published. */
    body: text("body").notNull(),
    createdAt: integer("created_at").notNull(),
    publishedAt: integer("published_at"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
  },
  (t) => [index("outbox_pending").on(t.publishedAt, t.seq)],
);

/**
 * Ids of events already applied: a redelivered event is acknowledged without effect. Pruned after
 * their retention (inbox.ts), oldest first through `inbox_applied_at`.
 */
export const inbox = sqliteTable(
  "inbox",
  {
    eventId: text("event_id").primaryKey(),
    type: text("type").notNull(),
    source: text("source").notNull(),
    appliedAt: integer("applied_at").notNull(),
  },
  (t) => [index("inbox_applied_at").on(t.appliedAt)],
);

/** Last event applied per source, for /ops and the replication-lag metric. */
export const replicationStatus = sqliteTable("replication_status", {
  source: text("source").primaryKey(),
  lastEventId: text("last_event_id").notNull(),
  lastEventType: text("last_event_type").notNull(),
  lastEventTime: integer("last_event_time").notNull(),
  appliedAt: integer("applied_at").notNull(),
});

/** Messages this system could not apply, with the reason; replayed or discarded from /ops. */
export const deadLetters = sqliteTable("dead_letters", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  eventId: text("event_id"),
  type: text("type"),
  exchange: text("exchange").notNull(),
  routingKey: text("routing_key").notNull(),
  userId: text("user_id"),
  reason: text("reason").notNull(),
  body: text("body").notNull(),
  deadAt: integer("dead_at").notNull(),
});
