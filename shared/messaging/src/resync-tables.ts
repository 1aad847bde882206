/**
 * The table of paged re-publication jobs (see resync-jobs.ts). A system that answers resync
 * requests re-exports it from its `src/db/schema.ts`, so that drizzle-kit generates it into the
 * system's own migrations, like the other messaging tables.
 */
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * One row per kind of item a system re-publishes (e.g. "catalog.products"): the job in progress,
 * or the last one finished. The primary key is the guard against concurrent passes: a request
 * while a job runs is merged into it, never a second job.
 *
 * A pass goes round the items' keys like a ring: from `origin` (exclusive; null = before the
 * first key) to the last key, then, if `origin` is set, from the first key up to `origin`.
 */
export const resyncJobs = sqliteTable("resync_jobs", {
  name: text("name").primaryKey(),
  /** The key of the last item re-published in this pass; null = none yet since the pass (re)started. */
  cursor: text("cursor"),
  /** Where the pass began: it ends when it has come round to this key again (null = the first key). */
  origin: text("origin"),
  /** Whether the pass went past the last key and continues from the first, up to `origin`. */
  wrapped: integer("wrapped", { mode: "boolean" }).notNull().default(false),
  /** Requests merged into this job (1 when nobody asked again while it ran). */
  requests: integer("requests").notNull(),
  /** Items re-published by this job so far. */
  republished: integer("republished").notNull().default(0),
  requestedAt: integer("requested_at").notNull(),
  lastRequestAt: integer("last_request_at").notNull(),
  /** When the last page committed. */
  updatedAt: integer("updated_at"),
  /** Null while the job runs. */
  finishedAt: integer("finished_at"),
  /** Why the last page failed, if it did (it is tried again with backoff). */
  lastError: text("last_error"),
});

export type ResyncJobRow = typeof resyncJobs.$inferSelect;
