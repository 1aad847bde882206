/**
 * The relay: publishes outbox rows in commit order with publisher confirms and `mandatory`, and
 * marks a row sent only after the broker confirmed it and did not return it as unroutable.
 * It is woken right after each commit (no polling interval on the hot path); a periodic sweep
 * picks up rows written by other processes (seed scripts) and rows that could not be sent.
 * Batches are pipelined: the next one goes out while the broker still confirms the previous ones,
 * up to `maxInFlight` unconfirmed publishes. Rows that failed (not confirmed in time, nacked,
 * returned as unroutable) stay pending and are sent again from the next sweep on.
 *
 * It runs in a worker thread of its own with its own database connection and broker connection
 * (relay-worker.ts, decision 0024), so that a process busy writing does not starve it.
 */

import type { SystemName } from "@scs/contracts/events";
import { CLOUDEVENTS_CONTENT_TYPE } from "@scs/contracts/names";
import { exchangeOf } from "@scs/contracts/topology";
import type { ConfirmChannel, Message } from "amqplib";
import { and, asc, gt, inArray, isNull, lt, lte, max, sql } from "drizzle-orm";
import { type Db, preparedOnce, withoutWaitingForLock } from "./db";
import { outbox } from "./tables";
import { traceparentOfBody } from "./traceparent";

/** An outbox row recorded under a trace: its publish gets a span (`PublishTracing`). */
export interface TracedRow {
  eventId: string;
  type: string;
  /** The context of the change that recorded it (from the row's body). */
  traceparent: string;
}

/**
 * The publish spans of traced rows. The relay's thread has no tracer of its own: the process's
 * tracer (registered by the system's instrumentation hook, or by a test) lives on the main thread,
 * so the spans are started and ended there (relay-thread.ts) and the relay only sends their
 * contexts as the AMQP `traceparent` headers.
 */
export interface PublishTracing {
  /** Starts one span per row; resolves with each row's header by event id. */
  start(rows: TracedRow[], node: string | null): Promise<Map<string, string>>;
  /** Ends the spans `start` began: failed when `error` is given. */
  end(outcomes: { eventId: string; error?: string }[]): void;
}

export interface RelayOptions {
  system: SystemName;
  db: Db;
  channel: () => ConfirmChannel | null;
  /** The broker user: set as AMQP `user-id`, which the broker verifies. */
  userId: string;
  batchSize?: number;
  /**
   * Makes the commits so far durable (fsync of the WAL, db.ts `durableCommits`): awaited before a
   * batch is published, so that no event goes out for a change an OS crash could still take back.
   */
  durable: () => Promise<void>;
  /** Unconfirmed publishes allowed at once (the relay's bound on what a lost connection leaves unknown). */
  maxInFlight?: number;
  confirmTimeoutMs?: number;
  /**
   * Called when every publish has failed for a while although the broker is connected (a "nack
   * storm": after a quorum queue's leader died, a channel opened before may get every publish
   * nacked for minutes while a fresh connection publishes at once). The runtime recycles the
   * connection.
   */
  onFailingPublishes?: () => void;
  /** The broker node the channel is connected to, for the publish spans. */
  node?: () => string | null;
  /** Publish spans for traced rows; without it a traced row's own context is sent as its header. */
  tracing?: PublishTracing;
  /**
   * How long confirmed rows wait before they are marked published, so that many confirms share one
   * write transaction: each write takes SQLite's one write lock from the system's own writers, who
   * then wait (busy_timeout sleeps at least 1 ms). A row confirmed but not yet marked when the
   * process dies is published again, which consumers deduplicate (inbox).
   */
  markEveryMs?: number;
  /**
   * How long after a batch that emptied the outbox the next one waits, so that the commits made
   * meanwhile go out together (default `BATCH_EVERY_MS`). Without it a relay that keeps up with a
   * busy writer read, synced and published a batch of a few rows after every few commits, and each
   * batch costs the relay, the broker and the disk (a WAL fsync) about as much as dozens of rows
   * (issue 15's T3). A commit after a quiet spell goes out at once; a backlog goes in full batches.
   */
  batchEveryMs?: number;
  log: (line: string) => void;
}

export class Relay {
  private running = false;
  private again = false;
  private wakeScheduled = false;
  private readonly returned = new Set<string>();
  private lastUnroutableLog = 0;
  /** Publishes awaiting their confirm. */
  private inFlight = 0;
  /** Rows up to this seq are confirmed or in flight: the next batch starts after it. */
  private sentUpTo = 0;
  /** Set when rows failed: from then on, pending rows are sent again from the oldest. */
  private resendAt: number | null = null;
  /** Since when every batch settled has failed (null after any confirmed row). */
  private failingSince: number | null = null;
  /** Confirmed rows not yet marked published (`markEveryMs`). */
  private confirmed: number[] = [];
  private markTimer: NodeJS.Timeout | null = null;
  private lastMarked = 0;
  /** Since when confirmed rows have waited for a mark that succeeds (null: none wait). */
  private unmarkedSince: number | null = null;
  /** The batch published last: the next one goes out only after it, so the order holds. */
  private lastSent: Promise<unknown> = Promise.resolve();
  /** No batch is read before this time (`performance.now()`, `batchEveryMs`), unless stopping. */
  private nextBatchAt = 0;
  private batchTimer: NodeJS.Timeout | null = null;
  /** The last row to publish (`finish`): none after it. */
  private upTo = Number.MAX_SAFE_INTEGER;
  /** Rows confirmed by the broker. */
  published = 0;

  constructor(private readonly options: RelayOptions) {}

  /** Called for messages the broker returned as unroutable (`mandatory`). */
  onReturn(message: Message): void {
    const id = message.properties.messageId as string | undefined;
    if (id) this.returned.add(id);
  }

  /** Schedules a flush on the next tick; many commits in one tick share one flush. */
  wake(): void {
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      void this.flush();
    });
  }

  /**
   * Deletes rows published long ago, a chunk per statement so that the write lock is never held for
   * long: the outbox is a queue, not an archive. The newest row stays (tables.ts `seq`). Returns
   * how many rows it deleted.
   */
  prune(olderThanMs = 60 * 60 * 1000, chunk = 2_000): number {
    let deleted = 0;
    for (;;) {
      const { changes } = preparedOnce(this.options.db, preparePrune).run({
        before: Date.now() - olderThanMs,
        chunk,
      });
      deleted += changes;
      if (changes < chunk) return deleted;
    }
  }

  /** Publishes what it can now: batches until the outbox is empty or `maxInFlight` is reached. */
  async flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        while (this.publishBatch()) {
          // Let the socket write what was published (and confirms come in) between batches.
          await new Promise((resolve) => setImmediate(resolve));
        }
      } while (this.again);
    } catch (error) {
      this.options.log(`relay: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  /**
   * A graceful stop: publishes the rows the outbox holds now, waits for their confirms, and marks
   * the confirmed ones published; resolves then, or after `timeoutMs`. Rows committed meanwhile
   * (the process's other instances keep writing) are left to the next lease holder: were they
   * taken too, every confirm would bring the next batch and the stop would last its whole limit.
   */
  async finish(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    this.upTo = preparedOnce(this.options.db, prepareLastSeq).get()?.seq ?? 0;
    await this.flush();
    while ((this.inFlight > 0 || this.running) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    this.markConfirmed({ waitForLock: true });
  }

  /** Publishes the next batch without waiting for its confirms; false when nothing more can go now. */
  private publishBatch(): boolean {
    if (!this.options.channel()) return false;
    const { db, batchSize = 500, maxInFlight = 1_000 } = this.options;
    if (this.resendAt !== null && Date.now() >= this.resendAt) {
      // Send nothing new until what is in flight is settled, then start again from the oldest
      // pending row: failed rows go out again even under a load that never lets the pipe empty.
      if (this.inFlight > 0) return false;
      // Rows confirmed meanwhile are marked first: they are not pending, and are not sent again.
      this.markConfirmed({ waitForLock: true });
      this.resendAt = null;
      this.sentUpTo = 0;
    }
    const room = Math.min(batchSize, maxInFlight - this.inFlight);
    if (room <= 0) return false;
    const wait = this.nextBatchAt - performance.now();
    // A stop (`finish`) publishes at once what the outbox holds.
    if (wait > 0 && this.upTo === Number.MAX_SAFE_INTEGER) {
      this.batchTimer ??= setTimeout(() => {
        this.batchTimer = null;
        void this.flush();
      }, Math.ceil(wait));
      return false;
    }
    const rows = preparedOnce(db, prepareNextBatch).all({
      after: this.sentUpTo,
      upTo: this.upTo,
      room,
    }) as OutboxRow[];
    const last = rows.at(-1);
    if (!last) return false;
    this.sentUpTo = last.seq;
    this.inFlight += rows.length;
    // The outbox is drained: what is committed next waits a moment for the commits after it.
    if (rows.length < room)
      this.nextBatchAt = performance.now() + (this.options.batchEveryMs ?? BATCH_EVERY_MS);

    // Publishes in commit order: each batch waits for its commits to be on disk (durable(): a
    // group commit, resolved in the order asked), for its spans, and for the batch before it.
    const traced = this.tracedRows(rows);
    const headers = traced.length > 0 && this.options.tracing ? this.startSpans(traced) : null;
    const ready = Promise.all([this.options.durable(), headers]);
    const sent = this.lastSent.then(() => ready);
    this.lastSent = sent.catch(() => {});
    const published = sent
      .then(([, spanHeaders]) => this.publish(rows, traced, spanHeaders ?? undefined))
      .catch((error: Error) => {
        this.options.log(`relay: could not make the outbox durable: ${error.message}`);
        return rows.map(() => false);
      });
    void withTimeout(published, this.options.confirmTimeoutMs ?? 10_000)
      .then((outcome) => {
        if (traced.length > 0) this.endSpans(traced, outcome);
        this.settle(rows, outcome);
      })
      .catch((error: Error) => {
        // The rows stay pending (e.g. the database was busy): sent again, consumers dedupe.
        this.options.log(`relay: ${error.message}`);
        this.resendAt ??= Date.now() + SWEEP_DELAY_MS;
      })
      .finally(() => {
        // Whatever happened, these rows no longer hold the pipe: without this a failure would
        // stall the relay for good (it sends nothing new while anything is in flight).
        this.inFlight -= rows.length;
        this.wake();
      });
    return true;
  }

  /** The rows of a batch that carry a trace context (found without parsing their JSON). */
  private tracedRows(rows: OutboxRow[]): (TracedRow & { index: number })[] {
    const traced: (TracedRow & { index: number })[] = [];
    rows.forEach((row, index) => {
      const traceparent = traceparentOfBody(row.body);
      if (traceparent) traced.push({ eventId: row.eventId, type: row.type, traceparent, index });
    });
    return traced;
  }

  private startSpans(traced: TracedRow[]): Promise<Map<string, string>> {
    const tracing = this.options.tracing as PublishTracing;
    return tracing
      .start(
        traced.map(({ eventId, type, traceparent }) => ({ eventId, type, traceparent })),
        this.options.node?.() ?? null,
      )
      .catch((error: Error) => {
        // Without its spans the batch still goes out: tracing never holds up replication.
        this.options.log(`relay: publish spans: ${error.message}`);
        return new Map<string, string>();
      });
  }

  private endSpans(traced: (TracedRow & { index: number })[], outcome: boolean[] | null): void {
    this.options.tracing?.end(
      traced.map(({ eventId, index }) =>
        outcome?.[index]
          ? { eventId }
          : { eventId, error: outcome ? "not confirmed by broker" : "confirms timed out" },
      ),
    );
  }

  /**
   * Publishes rows on the current channel; resolves with each row's confirm (false: failed). A
   * traced row is sent with its span's context (`spanHeaders`), or else with its own.
   */
  private publish(
    rows: OutboxRow[],
    traced: (TracedRow & { index: number })[],
    spanHeaders?: Map<string, string>,
  ): Promise<boolean[]> {
    const channel = this.options.channel();
    if (!channel) return Promise.resolve(rows.map(() => false));
    const { system, userId } = this.options;
    const exchange = exchangeOf(system);
    const traceparents: (string | undefined)[] = [];
    for (const { index, eventId, traceparent } of traced)
      traceparents[index] = spanHeaders?.get(eventId) ?? traceparent;
    // One promise for the batch, settled by the last confirm: not one per row.
    return new Promise((resolve) => {
      const outcome = rows.map(() => false);
      let unsettled = rows.length;
      const settled = () => {
        if (--unsettled === 0) resolve(outcome);
      };
      // amqplib throws synchronously from publish() on a channel that is closing or closed (e.g. just
      // after the broker closed it): that row and the rest of the batch count as not confirmed.
      let channelUsable = true;
      rows.forEach((row, i) => {
        if (!channelUsable) {
          settled();
          return;
        }
        const traceparent = traceparents[i];
        try {
          channel.publish(
            exchange,
            row.type,
            Buffer.from(row.body),
            {
              persistent: true,
              mandatory: true,
              contentType: CLOUDEVENTS_CONTENT_TYPE,
              messageId: row.eventId,
              type: row.type,
              userId,
              appId: system,
              // The event's time (recordEvent writes both from the same clock reading).
              timestamp: Math.floor(row.createdAt / 1000),
              headers: traceparent ? { traceparent } : undefined,
            },
            (error) => {
              outcome[i] = !error;
              settled();
            },
          );
        } catch (error) {
          channelUsable = false;
          this.options.log(`relay: publish failed: ${(error as Error).message}`);
          settled();
        }
      });
    });
  }

  /** Counts confirmed rows (marked published soon); failed ones stay pending, sent again after a sweep. */
  private settle(rows: { seq: number; eventId: string; type: string }[], outcome: boolean[] | null) {
    // A timeout means "unknown": the rows stay pending and are sent again (consumers dedupe).
    if (!outcome) this.options.log("relay: confirms timed out; will resend");
    const sent = rows.filter((row, i) => outcome?.[i] && !this.returned.has(row.eventId));
    const unroutable = rows.filter((row) => this.returned.has(row.eventId));
    for (const row of rows) this.returned.delete(row.eventId);
    const now = Date.now();
    for (const row of sent) this.confirmed.push(row.seq);
    this.markSoon();
    if (sent.length < rows.length) {
      const failed = rows.filter((r) => !sent.includes(r)).map((r) => r.seq);
      preparedOnce(this.options.db, prepareFailed).run({
        seqs: JSON.stringify(failed),
        lastError: unroutable.length ? "unroutable: no queue bound" : "not confirmed by broker",
      });
    }
    this.published += sent.length;
    if (sent.length < rows.length) this.resendAt ??= now + SWEEP_DELAY_MS;
    if (sent.length > 0 || unroutable.length === rows.length) this.failingSince = null;
    else {
      this.failingSince ??= now;
      if (now - this.failingSince >= FAILING_PUBLISHES_LIMIT_MS) {
        this.failingSince = null;
        this.options.onFailingPublishes?.();
      }
    }
    // Typical while a consumer has not declared its queue yet: retried every sweep, logged once a minute.
    if (unroutable.length > 0 && now - this.lastUnroutableLog > 60_000) {
      this.lastUnroutableLog = now;
      this.options.log(
        `relay: ${unroutable.length} event(s) unroutable, kept pending (e.g. ${unroutable[0]?.type})`,
      );
    }
  }

  /**
   * Marks at once after a quiet spell (light load: a row is marked as soon as it is confirmed),
   * else at most once every `markEveryMs` (sustained load: many batches share one statement).
   */
  private markSoon(): void {
    if (this.markTimer || this.confirmed.length === 0) return;
    const every = this.options.markEveryMs ?? MARK_EVERY_MS;
    const wait = this.lastMarked + every - Date.now();
    this.unmarkedSince ??= Date.now();
    // Patient again once rows have waited a while: a writer that never lets go of the lock must not
    // keep them pending (in /ops, and published again after a restart) for as long as it writes.
    const waitForLock = () => Date.now() - (this.unmarkedSince ?? Date.now()) >= MARK_PATIENCE_MS;
    if (wait <= 0) this.markConfirmed({ waitForLock: waitForLock() });
    else this.markTimer = setTimeout(() => this.markConfirmed({ waitForLock: waitForLock() }), wait);
  }

  /**
   * Marks the confirmed rows published: one statement, however many rows. The marks made while
   * publishing do not wait for the write lock: beside a writer that holds it most of the time,
   * SQLite's busy handler slept 1, 2, 5, 10 … 100 ms between tries, the relay's thread with it (in
   * issue 15's T2 a mark held it up to 655 ms, p99 252 ms, and nothing was read, published or
   * confirmed meanwhile). Rows a mark could not take stay confirmed here, marked with the next
   * ones; a mark waits for the lock when rows have waited `MARK_PATIENCE_MS`, and so do a stop and
   * a resend, which must not leave confirmed rows pending.
   */
  private markConfirmed({ waitForLock }: { waitForLock: boolean }): void {
    if (this.markTimer) clearTimeout(this.markTimer);
    this.markTimer = null;
    if (this.confirmed.length === 0) return;
    const seqs = this.confirmed;
    this.confirmed = [];
    this.lastMarked = Date.now();
    const mark = () =>
      preparedOnce(this.options.db, prepareMark).run({ now: Date.now(), seqs: JSON.stringify(seqs) });
    try {
      if (waitForLock) mark();
      else withoutWaitingForLock(this.options.db, mark);
      this.unmarkedSince = null;
    } catch (error) {
      // SQLITE_BUSY (the lock was taken, or busy_timeout passed): they are marked with the next ones.
      this.confirmed = seqs.concat(this.confirmed);
      if ((error as { code?: string }).code !== "SQLITE_BUSY")
        this.options.log(`relay: marking rows published: ${(error as Error).message}`);
      // The next try is `markEveryMs` after this one ended: a mark that waited out the busy timeout
      // must not be retried at once, on and on, while the thread does nothing else.
      this.lastMarked = Date.now();
      this.markSoon();
    }
  }
}

/** How long a batch waits after one that emptied the outbox (`RelayOptions.batchEveryMs`). */
const BATCH_EVERY_MS = 5;

/** How long failed rows wait before they are sent again (the runtime sweeps every second). */
const SWEEP_DELAY_MS = 1_000;

/** How long only failures (nacks, timeouts) are taken before the connection is recycled. */
const FAILING_PUBLISHES_LIMIT_MS = 3_000;

/** How long confirmed rows wait to be marked published together (`RelayOptions.markEveryMs`). */
const MARK_EVERY_MS = 200;

/** How long confirmed rows may stay unmarked because the write lock was taken before a mark waits for it. */
const MARK_PATIENCE_MS = 1_000;

interface OutboxRow {
  seq: number;
  eventId: string;
  type: string;
  body: string;
  createdAt: number;
}

// The relay's statements, prepared once per connection (`preparedOnce`). A batch's rows go to
// SQLite as one JSON array of seqs (`json_each`), so that one prepared statement serves any count.

function prepareNextBatch(db: Db) {
  return db
    .select({
      seq: outbox.seq,
      eventId: outbox.eventId,
      type: outbox.type,
      body: outbox.body,
      createdAt: outbox.createdAt,
    })
    .from(outbox)
    .where(
      and(
        isNull(outbox.publishedAt),
        gt(outbox.seq, sql.placeholder("after")),
        lte(outbox.seq, sql.placeholder("upTo")),
      ),
    )
    .orderBy(asc(outbox.seq))
    .limit(sql.placeholder("room"))
    .prepare();
}

function prepareLastSeq(db: Db) {
  return db
    .select({ seq: max(outbox.seq) })
    .from(outbox)
    .prepare();
}

const seqIn = sql`${outbox.seq} in (select value from json_each(${sql.placeholder("seqs")}))`;

function prepareMark(db: Db) {
  return db
    .update(outbox)
    .set({ publishedAt: sql`${sql.placeholder("now")}` })
    .where(seqIn)
    .prepare();
}

function prepareFailed(db: Db) {
  return db
    .update(outbox)
    .set({ attempts: sql`${outbox.attempts} + 1`, lastError: sql`${sql.placeholder("lastError")}` })
    .where(and(isNull(outbox.publishedAt), seqIn))
    .prepare();
}

function preparePrune(db: Db) {
  return db
    .delete(outbox)
    .where(
      inArray(
        outbox.seq,
        db
          .select({ seq: outbox.seq })
          .from(outbox)
          // Never the newest row: a new row's seq is the largest + 1 (tables.ts), so the newest
          // one staying keeps seqs growing when everything else is pruned.
          .where(
            and(
              lt(outbox.publishedAt, sql.placeholder("before")),
              lt(outbox.seq, sql`(select max(${outbox.seq}) from ${outbox})`),
            ),
          )
          .limit(sql.placeholder("chunk")),
      ),
    )
    .prepare();
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
