/**
 * Answering a replica's resync request, paged: the handler (handlers/on-resync-requested.ts) only
 * records a job; this runner re-publishes the products 100 per short transaction, outside the
 * consumer's transaction, at most 1,000 a second, pausing between pages so that pages keep being
 * served. Plumbing in @scs/messaging/resync-jobs; decision record 0013.
 */
import type { Db } from "@scs/messaging/db";
import { logger } from "@scs/messaging/log";
import {
  type ResyncRunner,
  type ResyncRunnerOptions,
  type ResyncSource,
  startResyncRunner,
} from "@scs/messaging/resync-jobs";
import { republishProducts } from "@/domain/products";

/** The job that re-publishes every product (removed ones as tombstones). */
export const PRODUCTS_RESYNC = "catalog.products";

export const resyncSources: Record<string, ResyncSource> = {
  [PRODUCTS_RESYNC]: { republishPage: republishProducts },
};

/** Starts the process's runner (once per database); it resumes a job a previous process left. */
export function startRepublishing(
  db: Db,
  options: Pick<ResyncRunnerOptions, "pageSize" | "onPage" | "log"> = {},
): ResyncRunner {
  return startResyncRunner({
    db,
    sources: resyncSources,
    log: logger("catalog", "resync"),
    ...options,
  });
}
