/**
 * Paged re-publication ("resync") jobs: the plumbing that lets an owner answer a replica's resync
 * request without one long transaction on the web process's event loop.
 *
 * The consumer's handler only records the request (`requestResync`, in the consumer's transaction:
 * idempotent with the inbox, and it survives a crash). A runner (`startResyncRunner`, one per
 * process) works the job off outside that transaction: one short transaction per page of items
 * (`pageSize`, 100 by default), which re-records the page's items in the outbox AND moves the
 * job's stored cursor, so a restart resumes after the last committed page and no item of a pass
 * is recorded twice. Between pages it pauses (at least four times as long as the page took, and
 * enough to stay under `maxItemsPerSecond`, 1,000 by default), then yields one more turn of the
 * event loop (`setImmediate`): requests are served in between, the runner takes at most a fifth
 * of the process's time, and the relay, the broker and the replicas get the events at a pace
 * that leaves the machine to the pages people open. What an item is and how it is re-published
 * stays in the system (`ResyncSource`). Decision record: docs/decisions/0013-paged-resync.md.
 *
 * One job per name, never two: a request while a job runs restarts the pass where its cursor
 * stands and lets it come round to that point again, so the pass covers every item once more
 * after the latest request, without starting over and without a second pass beside it.
 */
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { backoffDelay } from "./backoff";
import type { Db, Tx } from "./db";
import { processLogger } from "./log";
import { transact } from "./outbox";
import { type ResyncJobRow, resyncJobs } from "./resync-tables";

export type { ResyncJobRow };

/** The bounds of one page of items, in ascending key order. */
export interface ResyncPage {
  /** Keys strictly greater than this (null: from the first key). */
  after: string | null;
  /** Keys at most this (null: up to the last key). */
  through: string | null;
  /** At most this many items. */
  limit: number;
}

/** One kind of item a system re-publishes; the system decides what an item is and what it records. */
export interface ResyncSource {
  /**
   * Records the current state of the page's items in the outbox (with their current versions),
   * inside `tx`, and returns their keys in ascending order. Keys must be unique and never change
   * (a primary key), compared as SQLite compares text (`where id > ? and id <= ? order by id`).
   */
  republishPage(tx: Tx, page: ResyncPage): string[];
}

export type RequestOutcome = "started" | "merged";

/**
 * Records a resync request for `name` inside the caller's transaction (the consumer's, so that it
 * commits with the inbox row). Starts a job, or merges the request into the job already running:
 * that job's pass now begins again where its cursor stands (`origin` = `cursor`) and goes round to
 * that point, so every item is visited once more after this request. The process's runner for
 * this database is woken once the transaction is over.
 */
export function requestResync(tx: Tx | Db, name: string, now = Date.now()): RequestOutcome {
  const job = tx.select().from(resyncJobs).where(eq(resyncJobs.name, name)).get();
  if (job && job.finishedAt === null) {
    tx.update(resyncJobs)
      .set({ origin: job.cursor, wrapped: false, requests: job.requests + 1, lastRequestAt: now })
      .where(eq(resyncJobs.name, name))
      .run();
  } else {
    const fresh = {
      cursor: null,
      origin: null,
      wrapped: false,
      requests: 1,
      republished: 0,
      requestedAt: now,
      lastRequestAt: now,
      updatedAt: null,
      finishedAt: null,
      lastError: null,
    };
    tx.insert(resyncJobs)
      .values({ name, ...fresh })
      .onConflictDoUpdate({ target: resyncJobs.name, set: fresh })
      .run();
  }
  // The transaction is synchronous: by the time this runs, it has committed (or rolled back, and
  // the runner finds nothing to do).
  const runner = runners().get(sessionOf(tx));
  if (runner) setImmediate(() => runner.wake());
  return job && job.finishedAt === null ? "merged" : "started";
}

/** The job of that name: running (`finishedAt` null) or the last one finished; undefined if never asked. */
export function resyncJob(conn: Tx | Db, name: string): ResyncJobRow | undefined {
  return conn.select().from(resyncJobs).where(eq(resyncJobs.name, name)).get();
}

export interface ResyncRunnerOptions {
  db: Db;
  /** The kinds of items this system re-publishes, by job name (e.g. "catalog.products"). */
  sources: Record<string, ResyncSource>;
  /** Items per page, i.e. per transaction. */
  pageSize?: number;
  /**
   * After each page the runner waits this many times the page's duration before the next one, so
   * that it takes at most 1 / (1 + pauseRatio) of the event loop's time and a request that arrives
   * meanwhile can take all the turns of the loop it needs without a page in between. The default,
   * 4, leaves the process at least 80% of its time: a resync is catch-up work, the pages people
   * open come first. 0: one turn of the loop between pages, no more.
   */
  pauseRatio?: number;
  /**
   * At most this many items a second (1,000 by default; Infinity: no limit). Each re-published
   * item is work for the relay, the broker and every replica, which may share the owner's
   * machine: at full speed (several thousand a second) they took the cores catalog's pages needed
   * (R1 in the README: p99 666 ms → 100 ms at 1,000/s, on this 2-core machine). 20,000 items: 20 s.
   */
  maxItemsPerSecond?: number;
  log?: (line: string) => void;
  /** Called after each committed page (tests observe the runner's progress with it). */
  onPage?: (name: string, keys: string[], pageMs: number) => void;
}

export interface ResyncRunner {
  /** Looks for work at once (called after a request was committed; harmless when idle). */
  wake(): void;
  /** Stops after the page in hand; the job stays in its table, and the next runner resumes it. */
  stop(): Promise<void>;
}

/**
 * Items per page: 100 re-recorded items take ~2-3 ms on a quiet machine and ~10-50 ms on a busy
 * one (500 took up to 250 ms there); every turn of the loop that lands on a page waits that long.
 */
export const DEFAULT_PAGE_SIZE = 100;
export const DEFAULT_PAUSE_RATIO = 4;
export const DEFAULT_MAX_ITEMS_PER_SECOND = 1_000;
/** The longest pause between two pages, whatever the last page took. */
const MAX_PAUSE_MS = 1_000;

/**
 * Starts the runner of this database (one per connection: a second call returns the first
 * runner). It resumes the jobs a previous process left unfinished at once.
 */
export function startResyncRunner(options: ResyncRunnerOptions): ResyncRunner {
  const session = sessionOf(options.db);
  const existing = runners().get(session);
  if (existing) return existing;
  const runner = new Runner(options, () => runners().delete(session));
  runners().set(session, runner);
  runner.wake();
  return runner;
}

/**
 * A pause of `ms` (a timer: the loop runs freely meanwhile), then one turn of the event loop
 * (`setImmediate`) in any case: two timers can expire in one timers phase, with no I/O between.
 */
async function pause(ms: number): Promise<void> {
  if (ms >= 1) await new Promise<void>((resolve) => setTimeout(resolve, Math.ceil(ms)));
  await new Promise<void>((resolve) => setImmediate(resolve));
}

class Runner implements ResyncRunner {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  private failures = 0;
  /** The job of the page in hand (to note a failure on it). */
  private current: string | null = null;
  /** The longest page of each running job in this process (ms), for the log line at its end. */
  private readonly longestPageMs = new Map<string, number>();
  private readonly pageSize: number;
  private readonly pauseRatio: number;
  private readonly maxItemsPerSecond: number;
  private readonly log: (line: string) => void;

  constructor(
    private readonly options: ResyncRunnerOptions,
    private readonly unregister: () => void,
  ) {
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.pauseRatio = options.pauseRatio ?? DEFAULT_PAUSE_RATIO;
    if (!(this.pauseRatio >= 0)) throw new Error("pauseRatio must be ≥ 0");
    this.maxItemsPerSecond = options.maxItemsPerSecond ?? DEFAULT_MAX_ITEMS_PER_SECOND;
    if (!(this.maxItemsPerSecond > 0)) throw new Error("maxItemsPerSecond must be > 0");
    if (!(Number.isInteger(this.pageSize) && this.pageSize > 0)) throw new Error("pageSize must be > 0");
    this.log = options.log ?? processLogger("resync");
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.retry) {
      clearTimeout(this.retry);
      this.retry = null;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
      // A wake between the loop's last look and now must not be lost (a failure waits for its retry).
      if (this.again && !this.retry) this.wake();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.unregister();
    await this.running;
  }

  private async loop(): Promise<void> {
    let pauseMs = 0;
    for (;;) {
      // Never inside the caller's turn (a handler's transaction, a server's start-up); and between
      // pages, whatever waits on the event loop (requests, the relay, the consumer) runs.
      await pause(pauseMs);
      if (this.stopped) return;
      this.again = false;
      let page: { ms: number; items: number } | null;
      try {
        page = this.step();
        this.failures = 0;
      } catch (error) {
        this.failed(error as Error);
        return;
      }
      if (page === null && !this.again) return;
      const { ms, items } = page ?? { ms: 0, items: 0 };
      // A share of the loop, and a pace: the page's items spread over their time at the rate.
      pauseMs = Math.max(
        Math.min(MAX_PAUSE_MS, ms * this.pauseRatio),
        (items * 1000) / this.maxItemsPerSecond - ms,
      );
    }
  }

  /**
   * One page of the job whose turn it is (the one that waited longest), in one transaction:
   * the items' events and the job's new cursor commit together. Returns how long it took (ms) and
   * how many items it re-published, or null when there was nothing to do.
   */
  private step(): { ms: number; items: number } | null {
    const names = Object.keys(this.options.sources);
    if (names.length === 0) return null;
    const startedAt = performance.now();
    const page = transact(this.options.db, (tx) => {
      const job = tx
        .select()
        .from(resyncJobs)
        .where(and(isNull(resyncJobs.finishedAt), inArray(resyncJobs.name, names)))
        .orderBy(sql`coalesce(${resyncJobs.updatedAt}, 0)`, asc(resyncJobs.requestedAt))
        .limit(1)
        .get();
      if (!job) return null;
      this.current = job.name;
      const keys = (this.options.sources[job.name] as ResyncSource).republishPage(tx, {
        after: job.cursor,
        through: job.wrapped ? job.origin : null,
        limit: this.pageSize,
      });
      const last = keys.at(-1) ?? null;
      if (keys.length > this.pageSize) throw new Error(`a page returned more than ${this.pageSize} items`);
      if (last !== null && last === job.cursor) throw new Error(`a page did not move past ${last}`);
      const now = Date.now();
      const progress = { republished: job.republished + keys.length, updatedAt: now, lastError: null };
      let finished = false;
      if (keys.length === this.pageSize) {
        tx.update(resyncJobs)
          .set({ ...progress, cursor: last })
          .where(eq(resyncJobs.name, job.name))
          .run();
      } else if (!job.wrapped && job.origin !== null) {
        // Past the last key: go on from the first, up to where the pass began.
        tx.update(resyncJobs)
          .set({ ...progress, cursor: null, wrapped: true })
          .where(eq(resyncJobs.name, job.name))
          .run();
      } else {
        tx.update(resyncJobs)
          .set({ ...progress, cursor: last ?? job.cursor, finishedAt: now })
          .where(eq(resyncJobs.name, job.name))
          .run();
        finished = true;
      }
      return { job, keys, finished, republished: progress.republished, now };
    });
    this.current = null;
    if (!page) return null;
    const { job, keys, finished } = page;
    const pageMs = performance.now() - startedAt;
    const longest = Math.max(pageMs, this.longestPageMs.get(job.name) ?? 0);
    this.longestPageMs.set(job.name, longest);
    if (finished) {
      this.longestPageMs.delete(job.name);
      this.log(
        `${job.name}: ${page.republished} item(s) re-published in ${((page.now - job.requestedAt) / 1000).toFixed(1)} s` +
          ` (${job.requests} request(s) merged; longest page ${longest.toFixed(1)} ms)`,
      );
    }
    this.options.onPage?.(job.name, keys, pageMs);
    return { ms: pageMs, items: keys.length };
  }

  /** A page that failed rolled back whole: note why, and try again later, with backoff. */
  private failed(error: Error): void {
    const name = this.current;
    this.current = null;
    this.failures++;
    this.log(`${name ?? "a job"}: a page failed (attempt ${this.failures}), retrying: ${error.message}`);
    try {
      if (name !== null)
        this.options.db
          .update(resyncJobs)
          .set({ lastError: error.message.slice(0, 1000) })
          .where(eq(resyncJobs.name, name))
          .run();
    } catch {
      // The database itself fails: the retry will tell.
    }
    if (this.stopped) return;
    this.retry = setTimeout(
      () => {
        this.retry = null;
        this.wake();
      },
      Math.max(100, backoffDelay(this.failures, 500, 30_000)),
    );
    this.retry.unref();
  }
}

/** Runners by database connection, on globalThis: Next.js bundles this module more than once. */
function runners(): WeakMap<object, Runner> {
  const slot = globalThis as unknown as { __scsResyncRunners?: WeakMap<object, Runner> };
  slot.__scsResyncRunners ??= new WeakMap();
  return slot.__scsResyncRunners;
}

/** A drizzle database and its transactions share one session (one better-sqlite3 connection). */
function sessionOf(conn: Tx | Db): object {
  return (conn as unknown as { session: object }).session;
}
