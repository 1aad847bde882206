/**
 * The relay: publishes outbox rows in commit order with publisher confirms and `mandatory`, and
 * marks a row sent only after the broker confirmed it and did not return it as unroutable.
 * It is woken right after each commit (no polling interval on the hot path); a periodic sweep
 * picks up rows written by other processes (seed scripts) and rows that could not be sent.
 * Batches are pipelined: the next one goes out while the broker still confirms the previous ones,
 * up to `maxInFlight` unconfirmed publishes. Rows that failed (not confirmed in time, nacked,
 * returned as unroutable) stay pending and are sent again from the next sweep on.
 */

import { CLOUDEVENTS_CONTENT_TYPE } from "@scs/contracts/envelope";
import type { SystemName } from "@scs/contracts/events";
import { exchangeOf } from "@scs/contracts/topology";
import type { ConfirmChannel, Message } from "amqplib";
import { and, asc, count, gt, inArray, isNull, lt, min, sql } from "drizzle-orm";
import type { Db } from "./db";
import { outbox } from "./tables";
import { endSpans, inContextOf, startPublishSpan, traceparentOf, traceparentOfBody } from "./tracing";

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

  pending(): { count: number; oldestCreatedAt: number | null } {
    const row = this.options.db
      .select({ count: count(), oldest: min(outbox.createdAt) })
      .from(outbox)
      .where(isNull(outbox.publishedAt))
      .get();
    return { count: row?.count ?? 0, oldestCreatedAt: row?.oldest ?? null };
  }

  /** Deletes rows published long ago; the outbox is a queue, not an archive. */
  prune(olderThanMs = 60 * 60 * 1000): void {
    this.options.db
      .delete(outbox)
      .where(lt(outbox.publishedAt, Date.now() - olderThanMs))
      .run();
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

  /** Resolves once no publish awaits its confirm (graceful stop), or after `timeoutMs`. */
  async settled(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  }

  /** Publishes the next batch without waiting for its confirms; false when nothing more can go now. */
  private publishBatch(): boolean {
    if (!this.options.channel()) return false;
    const { db, batchSize = 500, maxInFlight = 1_000 } = this.options;
    if (this.resendAt !== null && Date.now() >= this.resendAt) {
      // Send nothing new until what is in flight is settled, then start again from the oldest
      // pending row: failed rows go out again even under a load that never lets the pipe empty.
      if (this.inFlight > 0) return false;
      this.resendAt = null;
      this.sentUpTo = 0;
    }
    const room = Math.min(batchSize, maxInFlight - this.inFlight);
    if (room <= 0) return false;
    const rows = db
      .select({
        seq: outbox.seq,
        eventId: outbox.eventId,
        type: outbox.type,
        body: outbox.body,
        createdAt: outbox.createdAt,
      })
      .from(outbox)
      .where(and(isNull(outbox.publishedAt), gt(outbox.seq, this.sentUpTo)))
      .orderBy(asc(outbox.seq))
      .limit(room)
      .all();
    const last = rows.at(-1);
    if (!last) return false;
    this.sentUpTo = last.seq;
    this.inFlight += rows.length;

    // Batches resolve their `durable()` in the order they asked (group commit), so they are
    // published in commit order; the channel is taken when the rows are on disk.
    const published = this.options
      .durable()
      .then(() => this.publish(rows))
      .catch((error: Error) => {
        this.options.log(`relay: could not make the outbox durable: ${error.message}`);
        return rows.map(() => false);
      });
    void withTimeout(published, this.options.confirmTimeoutMs ?? 10_000)
      .then((outcome) => this.settle(rows, outcome))
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

  /** Publishes rows on the current channel; resolves with each row's confirm (false: failed). */
  private publish(rows: OutboxRow[]): Promise<boolean[]> {
    const channel = this.options.channel();
    if (!channel) return Promise.resolve(rows.map(() => false));
    const { system } = this.options;
    const exchange = exchangeOf(system);
    const node = this.options.node?.() ?? undefined;
    // amqplib throws synchronously from publish() on a channel that is closing or closed (e.g. just
    // after the broker closed it): that row and the rest of the batch count as not confirmed.
    let channelUsable = true;
    const confirms = rows.map((row) => {
      if (!channelUsable) return Promise.resolve(false);
      // A traced change (the outbox row carries its traceparent): the publish is its child span.
      const parent = traceparentOfBody(row.body);
      const span = parent
        ? startPublishSpan(parent, row.type, {
            "messaging.system": "rabbitmq",
            "messaging.destination.name": exchange,
            "messaging.rabbitmq.destination.routing_key": row.type,
            "messaging.message.id": row.eventId,
            "cloudevents.event_id": row.eventId,
            "cloudevents.event_type": row.type,
            ...(node ? { "server.address": node } : {}),
          })
        : undefined;
      const headers = span ? { traceparent: traceparentOf(span) } : undefined;
      return new Promise<boolean>((resolve) => {
        const settle = (ok: boolean, error?: unknown) => {
          endSpans([span], ok ? undefined : (error ?? new Error("not confirmed")));
          resolve(ok);
        };
        try {
          // Inside the span's context: an amqplib instrumentation, if any, publishes as its child.
          inContextOf(span, () =>
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
                userId: this.options.userId,
                appId: system,
                // The event's time (recordEvent writes both from the same clock reading).
                timestamp: Math.floor(row.createdAt / 1000),
                ...(headers ? { headers } : {}),
              },
              (error) => settle(!error, error),
            ),
          );
        } catch (error) {
          channelUsable = false;
          this.options.log(`relay: publish failed: ${(error as Error).message}`);
          settle(false, error);
        }
      });
    });
    return Promise.all(confirms);
  }

  /** Marks confirmed rows published; failed ones stay pending, to be sent again after a sweep. */
  private settle(rows: { seq: number; eventId: string; type: string }[], outcome: boolean[] | null) {
    // A timeout means "unknown": the rows stay pending and are sent again (consumers dedupe).
    if (!outcome) this.options.log("relay: confirms timed out; will resend");
    const sent = rows.filter((row, i) => outcome?.[i] && !this.returned.has(row.eventId));
    const unroutable = rows.filter((row) => this.returned.has(row.eventId));
    for (const row of rows) this.returned.delete(row.eventId);
    const now = Date.now();
    const { db } = this.options;
    db.transaction((tx) => {
      if (sent.length > 0)
        tx.update(outbox)
          .set({ publishedAt: now })
          .where(
            inArray(
              outbox.seq,
              sent.map((r) => r.seq),
            ),
          )
          .run();
      if (sent.length < rows.length) {
        const failed = rows.filter((r) => !sent.includes(r)).map((r) => r.seq);
        tx.update(outbox)
          .set({
            attempts: sql`${outbox.attempts} + 1`,
            lastError: unroutable.length ? "unroutable: no queue bound" : "not confirmed by broker",
          })
          .where(and(isNull(outbox.publishedAt), inArray(outbox.seq, failed)))
          .run();
      }
    });
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
}

/** How long failed rows wait before they are sent again (the runtime sweeps every second). */
const SWEEP_DELAY_MS = 1_000;

/** How long only failures (nacks, timeouts) are taken before the connection is recycled. */
const FAILING_PUBLISHES_LIMIT_MS = 3_000;

interface OutboxRow {
  seq: number;
  eventId: string;
  type: string;
  body: string;
  createdAt: number;
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
