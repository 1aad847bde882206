/**
 * The consumer: takes deliveries from the system's inbox queue one at a time, in order, and for
 * each either applies it (handler + inbox row + status in ONE transaction, ack after commit),
 * recognises it as a duplicate (ack), retries it later (transient failure), or dead-letters it
 * with a reason (poison: not JSON, bad envelope, schema violation, wrong publisher, no handler,
 * or still failing at the delivery limit). It never throws out of a delivery.
 */

import { randomUUID } from "node:crypto";
import type { Span } from "@opentelemetry/api";
import { type CloudEvent, parseEventBytes } from "@scs/contracts/envelope";
import type { SystemName } from "@scs/contracts/events";
import { deadLetterOf, inboxQueueOf, ownerOfExchange } from "@scs/contracts/topology";
import type { Channel, ConfirmChannel, ConsumeMessage, Message } from "amqplib";
import { sql } from "drizzle-orm";
import { backoffDelay } from "./backoff";
import { type Db, preparedOnce, type Tx, transactionOf } from "./db";
import {
  ORIGINAL_EXCHANGE_HEADER,
  ORIGINAL_ROUTING_KEY_HEADER,
  ORIGINAL_USER_ID_HEADER,
  REASON_HEADER,
} from "./dead-letters";
import { eventsRecorded } from "./process-messaging";
import { inbox, replicationStatus } from "./tables";
import { endSpans, startProcessSpan, withContext } from "./tracing";
import type { Handler, Subscriptions } from "./types";

export interface ConsumerOptions {
  system: SystemName;
  db: Db;
  subscriptions: Subscriptions;
  deliveryLimit: number;
  /** This system's broker user: set as `user-id` on the dead letters it publishes. */
  userId: string;
  log: (line: string) => void;
  /**
   * Makes the commits so far durable (fsync of the WAL, db.ts `durableCommits`): awaited before a
   * delivery is acked, so that the broker never forgets a message whose effect an OS crash could
   * still take back.
   */
  durable: () => Promise<void>;
  /** Called after a commit whose handlers recorded events (so the relay publishes them). */
  afterCommit: () => void;
  onApplied?: (event: CloudEvent) => void;
}

/**
 * Deliveries the broker may push ahead of the consumer's acks. Acks go out only after a batch's
 * commit is on disk (one WAL fsync, then one `multiple` ack), so the window must cover the
 * deliveries that arrive during an fsync and an ack's round trip, or the broker stops sending
 * and the consumer waits: at 300, store sat idle a third of a backlog drain (T4, CPU profile).
 * A larger window costs only memory (about 1 KiB a delivery) and redeliveries after a crash,
 * which the inbox recognises as duplicates. Under light load a batch is still one delivery.
 */
export const INBOX_PREFETCH = 1000;

export type Outcome = "applied" | "duplicate" | "retry" | "dead-lettered";

/** Checks that decide, without touching the database, whether a message can be applied at all. */
export function admit(
  message: Pick<ConsumeMessage, "content" | "fields" | "properties">,
  subscriptions: Subscriptions,
): { ok: true; event: CloudEvent } | { ok: false; reason: string } {
  const parsed = parseEventBytes(message.content);
  if (!parsed.ok) return parsed;
  const owner = ownerOfExchange(message.fields.exchange);
  const userId = message.properties.userId as string | undefined;
  // The broker guarantees user-id = the publishing connection's user; only the owner may publish.
  if (!owner || userId !== owner)
    return {
      ok: false,
      reason: `publisher ${userId ?? "(none)"} may not publish on ${message.fields.exchange}`,
    };
  if (parsed.event.source !== `/${owner}`)
    return {
      ok: false,
      reason: `event source ${parsed.event.source} does not match exchange ${message.fields.exchange}`,
    };
  if (!subscriptions[parsed.event.type]) return { ok: false, reason: `no handler for ${parsed.event.type}` };
  return parsed;
}

interface Delivery {
  message: ConsumeMessage;
  channel: Channel;
  publish: ConfirmChannel;
}

export class Consumer {
  consumed = 0;
  duplicates = 0;
  /** Deliveries the broker marked as redelivered (after a crash, a lost connection or a retry). */
  redelivered = 0;
  deadLettered = 0;
  private queue: Promise<void> = Promise.resolve();
  private waiting: Delivery[] = [];
  private inFlight = 0;
  /**
   * Deliveries held unsettled on purpose: waiting for their requeue after a handler failure, or for
   * another attempt at a dead-letter publish that failed. No `multiple` ack may cover them.
   */
  private readonly held = new Set<Delivery>();
  /** Channels known to be closed: what was delivered on them is back in the queue. */
  private readonly closed = new WeakSet<Channel>();
  private readonly watched = new WeakSet<Channel>();
  /** Dead letters the broker returned as unroutable (by their x-scs-dead-letter-id). */
  private readonly returnedDeadLetters = new Set<string>();
  /** The trace id of the last event applied per source (since this process started), for /ops. */
  readonly lastTraceIds = new Map<string, string>();
  /** Acks waiting for their batch's commit to reach the disk. */
  private readonly settling = new Set<Promise<void>>();
  constructor(private readonly options: ConsumerOptions) {}

  get busy(): boolean {
    return this.inFlight > 0;
  }

  /**
   * Takes a delivery; deliveries are applied in queue order. Those that arrive while an earlier
   * batch is being applied wait and are then applied together, in one transaction (group commit):
   * one at a time under light load, batches of up to the prefetch count under heavy load.
   */
  deliver(message: ConsumeMessage, channel: Channel, publish: ConfirmChannel): void {
    this.watch(channel);
    this.inFlight++;
    this.waiting.push({ message, channel, publish });
    if (this.waiting.length > 1) return;
    this.queue = this.queue
      // The batch starts on the next turn of the event loop, not at the end of this callback:
      // amqplib hands over one socket read (at most 64 KiB, about 90 events) per callback, and
      // the reads that came in together all join the batch, so a backlog is applied in batches
      // of hundreds (one commit, one fsync and one ack each) instead of one per read.
      .then(nextTurn)
      .then(async () => {
        const batch = this.waiting.splice(0);
        try {
          await this.processBatch(batch);
        } finally {
          this.inFlight -= batch.length;
        }
      })
      .catch((error: Error) => this.options.log(`consumer: ${error.message}`));
  }

  /** Waits until every delivery handed to `deliver` so far is finished and settled. */
  async drain(): Promise<void> {
    await this.queue;
    await Promise.all(this.settling);
  }

  /**
   * Applies a batch of deliveries: poison ones dead-lettered, the others in one transaction. Every
   * delivery of the batch ends settled (acked after its commit or its dead-letter publish) or held
   * for a later attempt; none is left for a later `multiple` ack to settle unapplied.
   */
  async processBatch(batch: Delivery[]): Promise<void> {
    // Parallel arrays, not an object per delivery: this runs for every event a replica applies.
    const admitted: Delivery[] = [];
    const events: CloudEvent[] = [];
    const messages: ConsumeMessage[] = [];
    for (const delivery of batch) {
      const result = admit(delivery.message, this.options.subscriptions);
      if (result.ok) {
        admitted.push(delivery);
        events.push(result.event);
        messages.push(delivery.message);
      } else {
        if (delivery.message.fields.redelivered) this.redelivered++;
        await this.deadLetter(delivery, result.reason);
      }
    }
    if (admitted.length === 0) return;
    let outcomes: ("applied" | "duplicate")[];
    const recordedBefore = eventsRecorded();
    try {
      outcomes = this.applyAll(events, undefined, messages);
    } catch {
      // A handler failed and the whole batch rolled back: one at a time, so that only the failing
      // message is retried and the others are applied.
      for (const delivery of admitted)
        await this.process(delivery.message, delivery.channel, delivery.publish);
      return;
    }
    const { onApplied } = this.options;
    for (let i = 0; i < events.length; i++) {
      if ((messages[i] as ConsumeMessage).fields.redelivered) this.redelivered++;
      if (outcomes[i] === "duplicate") this.duplicates++;
      else {
        this.consumed++;
        onApplied?.(events[i] as CloudEvent);
      }
    }
    // Most handlers record nothing (store's replicas): waking the relay's thread for nothing after
    // every batch cost it a query and the consumer a notify (T4, CPU profile).
    if (eventsRecorded() !== recordedBefore) this.options.afterCommit();
    // The next batch is applied while this one's commit goes to disk; acks still go out in order,
    // because `durable()` resolves in the order it was asked (group commit).
    const settled = this.settleWhenDurable(admitted);
    this.settling.add(settled);
    void settled.finally(() => this.settling.delete(settled));
  }

  /**
   * Acks deliveries once their commit is on disk. If that cannot be known (fsync failed), they go
   * back to the queue: their redelivery is recognised as a duplicate if the commit stands.
   */
  private async settleWhenDurable(batch: Delivery[]): Promise<void> {
    try {
      await this.options.durable();
    } catch (error) {
      this.options.log(`consumer: could not make a commit durable (${(error as Error).message}); requeueing`);
      for (const { channel, message } of batch)
        try {
          channel.nack(message, false, true);
        } catch {
          // Channel gone: the broker redelivers on its own.
        }
      return;
    }
    this.ack(batch);
  }

  /**
   * Acks a batch after its commit. Deliveries are settled in queue order, so when no earlier one
   * is held, one ack of the last (`multiple`) settles the whole batch: one frame and one
   * queue operation instead of one per message, which is most of the broker's work per event.
   * An ack that fails (channel gone) is not a failure of the event: it is committed, and its
   * redelivery will be recognised as a duplicate.
   */
  private ack(batch: Delivery[]): void {
    const last = batch[batch.length - 1];
    if (!last) return;
    const oneChannel = batch.every((d) => d.channel === last.channel);
    const tag = last.message.fields.deliveryTag;
    const covers = [...this.held].some(
      (d) => d.channel === last.channel && d.message.fields.deliveryTag < tag,
    );
    try {
      if (oneChannel && !covers) last.channel.ack(last.message, true);
      else for (const { channel, message } of batch) channel.ack(message);
    } catch (error) {
      this.options.log(
        `consumer: ack failed after commit (${(error as Error).message}); redelivery will be a duplicate`,
      );
    }
  }

  /** One delivery on its own: applied, recognised as a duplicate, retried later or dead-lettered. */
  async process(message: ConsumeMessage, channel: Channel, publish: ConfirmChannel): Promise<Outcome> {
    if (message.fields.redelivered) this.redelivered++;
    const delivery = { message, channel, publish };
    const admitted = admit(message, this.options.subscriptions);
    if (!admitted.ok) return this.deadLetter(delivery, admitted.reason);
    let outcome: "applied" | "duplicate";
    const recordedBefore = eventsRecorded();
    try {
      outcome = this.applyAll([admitted.event], undefined, [message])[0] as "applied" | "duplicate";
    } catch (error) {
      const reason = `handler failed: ${(error as Error).message}`;
      const deliveries = Number(message.properties.headers?.["x-delivery-count"] ?? 0) + 1;
      if (deliveries >= this.options.deliveryLimit)
        return this.deadLetter(delivery, `${reason} (after ${deliveries} deliveries)`);
      this.options.log(`consumer: ${admitted.event.type} ${admitted.event.id} ${reason}; retrying`);
      // Requeue after a backoff without holding up the messages behind it.
      this.held.add(delivery);
      setTimeout(
        () => {
          this.held.delete(delivery);
          try {
            channel.nack(message, false, true);
          } catch {
            // Channel gone: the broker redelivers the unacked message on its own.
          }
        },
        backoffDelay(deliveries, 100, 5_000),
      );
      return "retry";
    }
    if (outcome === "duplicate") this.duplicates++;
    else {
      this.consumed++;
      if (eventsRecorded() !== recordedBefore) this.options.afterCommit();
      this.options.onApplied?.(admitted.event);
    }
    await this.settleWhenDurable([delivery]);
    return outcome;
  }

  /**
   * Applies an event in one transaction with its inbox record; a known id changes nothing.
   * `alsoInTransaction` runs in the same transaction either way (replay removes the dead letter).
   */
  apply(event: CloudEvent, alsoInTransaction?: (tx: Tx) => void): "applied" | "duplicate" {
    return this.applyAll([event], alsoInTransaction)[0] as "applied" | "duplicate";
  }

  /**
   * Applies events in order in ONE transaction, each with its inbox record (an id already in the
   * inbox changes nothing), and records the last one applied per source. All or nothing.
   */
  applyAll(
    events: CloudEvent[],
    alsoInTransaction?: (tx: Tx) => void,
    /** The deliveries the events came in: their trace context and delivery count, for the spans. */
    messages?: ConsumeMessage[],
  ): ("applied" | "duplicate")[] {
    const spans: Span[] = [];
    try {
      const outcomes = this.transaction(events, alsoInTransaction, messages, spans);
      endSpans(spans);
      return outcomes;
    } catch (error) {
      endSpans(spans, error);
      throw error;
    }
  }

  /** A CONSUMER span for a traced event (its delivery's `traceparent` header, else the event's own). */
  private processSpan(event: CloudEvent, message: ConsumeMessage | undefined) {
    const header = message?.properties.headers?.traceparent;
    const parent = typeof header === "string" ? header : event.traceparent;
    if (!parent) return undefined;
    return startProcessSpan(parent, event.type, {
      "messaging.system": "rabbitmq",
      "messaging.destination.name": inboxQueueOf(this.options.system),
      "messaging.message.id": event.id,
      "messaging.rabbitmq.delivery_count": Number(message?.properties.headers?.["x-delivery-count"] ?? 0),
      "cloudevents.event_id": event.id,
      "cloudevents.event_type": event.type,
      "cloudevents.event_subject": event.subject,
      "cloudevents.event_source": event.source,
    });
  }

  private transaction(
    events: CloudEvent[],
    alsoInTransaction: ((tx: Tx) => void) | undefined,
    messages: ConsumeMessage[] | undefined,
    spans: Span[],
  ): ("applied" | "duplicate")[] {
    // The connection's one transaction function (db.ts `transactionOf`), not a new drizzle handle
    // per batch: under light load a batch is one event, and building the handle was a visible part
    // of what such a batch cost (T1, CPU profile).
    return transactionOf(this.options.db)((tx) => {
      alsoInTransaction?.(tx);
      const now = Date.now();
      const insertInbox = preparedOnce(tx, prepareInboxInsert);
      const lastPerSource = new Map<string, CloudEvent>();
      const outcomes = events.map((event, i) => {
        const recorded = insertInbox.run({
          eventId: event.id,
          type: event.type,
          source: event.source,
          now,
        });
        if (recorded.changes === 0) return "duplicate" as const;
        const handler = this.options.subscriptions[event.type] as Handler<typeof event.type>;
        const traced = this.processSpan(event, messages?.[i]);
        if (traced) {
          spans.push(traced.span);
          // Events the handler records continue this trace (recordEvent reads the active context).
          withContext(traced.context, () => handler(event, tx));
        } else handler(event, tx);
        lastPerSource.set(event.source, event);
        const traceId = traced?.span.spanContext().traceId ?? event.traceparent?.split("-")[1];
        if (traceId) this.lastTraceIds.set(event.source, traceId);
        else this.lastTraceIds.delete(event.source);
        return "applied" as const;
      });
      for (const [source, event] of lastPerSource)
        preparedOnce(tx, prepareStatusUpsert).run({
          source,
          eventId: event.id,
          eventType: event.type,
          eventTime: Date.parse(event.time),
          now,
        });
      return outcomes;
    }) as ("applied" | "duplicate")[];
  }

  /**
   * Moves a message to the system's dead-letter queue with the reason, then acks the original.
   * When the dead-letter publish fails (broker nack, e.g. the dead-letter queue is full; channel
   * error), the original is held unacked and the publish tried again with backoff: it stays in its
   * queue until it is safely dead-lettered. If the consuming channel closes meanwhile, the broker
   * redelivers the original and the next attempt starts from there.
   */
  private async deadLetter(delivery: Delivery, reason: string, attempt = 0): Promise<"dead-lettered"> {
    const { message, channel } = delivery;
    if (attempt === 0)
      this.options.log(
        `consumer: dead-lettering message ${message.properties.messageId ?? "(no id)"}: ${reason}`,
      );
    try {
      await this.publishDeadLetter(delivery, reason);
    } catch (error) {
      if (this.closed.has(channel)) {
        this.held.delete(delivery);
        return "dead-lettered";
      }
      this.options.log(
        `consumer: dead-letter publish failed (${(error as Error).message}); message held, trying again`,
      );
      this.held.add(delivery);
      setTimeout(
        () => void this.deadLetter(delivery, reason, attempt + 1),
        backoffDelay(attempt, 200, 10_000),
      );
      return "dead-lettered";
    }
    this.held.delete(delivery);
    try {
      channel.ack(message);
    } catch {
      // Channel gone: the original comes back and is dead-lettered again (a second copy, no loss).
    }
    this.deadLettered++;
    return "dead-lettered";
  }

  /** Called for messages the broker returned as unroutable: a dead letter with no queue to take it. */
  onReturn(message: Message): void {
    const id = message.properties.headers?.[DEAD_LETTER_ID_HEADER];
    if (typeof id === "string") this.returnedDeadLetters.add(id);
  }

  /**
   * Resolves when the broker confirmed the dead letter and routed it (`mandatory`: a dead-letter
   * queue that is gone or unbound must not swallow it); rejects on a nack, a return, a channel
   * error or no answer in time.
   */
  private publishDeadLetter({ message, publish }: Delivery, reason: string): Promise<void> {
    const { properties, fields } = message;
    const id = randomUUID();
    return new Promise<void>((resolve, reject) => {
      // A blocked broker (resource alarm) may not answer for long: the consumer holds the message
      // and goes on with the next ones instead of waiting.
      const timer = setTimeout(() => reject(new Error("no confirm in time")), DEAD_LETTER_CONFIRM_TIMEOUT_MS);
      try {
        publish.publish(
          deadLetterOf(this.options.system),
          fields.routingKey,
          message.content,
          {
            persistent: true,
            mandatory: true,
            contentType: properties.contentType,
            messageId: properties.messageId,
            type: properties.type,
            // Verified by the broker: tells the dead-letter store that the x-scs-* headers below
            // were written by this system, not by the message's publisher.
            userId: this.options.userId,
            headers: {
              ...properties.headers,
              [REASON_HEADER]: reason.slice(0, 1000),
              [ORIGINAL_EXCHANGE_HEADER]: fields.exchange,
              [ORIGINAL_ROUTING_KEY_HEADER]: fields.routingKey,
              [ORIGINAL_USER_ID_HEADER]: properties.userId ?? null,
              [DEAD_LETTER_ID_HEADER]: id,
            },
          },
          (error) => {
            clearTimeout(timer);
            // The broker returns an unroutable message before it confirms it.
            const returned = this.returnedDeadLetters.delete(id);
            if (error) reject(error);
            else if (returned) reject(new Error("unroutable: no dead-letter queue bound"));
            else resolve();
          },
        );
      } catch (error) {
        clearTimeout(timer);
        reject(error);
      }
    });
  }

  /** Notes when a consuming channel closes: deliveries held on it are the broker's again. */
  private watch(channel: Channel): void {
    if (this.watched.has(channel)) return;
    this.watched.add(channel);
    channel.once("close", () => {
      this.closed.add(channel);
      for (const delivery of this.held) if (delivery.channel === channel) this.held.delete(delivery);
    });
  }
}

/** Resolves after the I/O callbacks of this turn of the event loop (`setImmediate`). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

const DEAD_LETTER_CONFIRM_TIMEOUT_MS = 10_000;
/** Tells the consumer's own dead-letter publishes apart when the broker returns one. */
const DEAD_LETTER_ID_HEADER = "x-scs-dead-letter-id";

// The consumer's own statements, prepared once per connection: they run for every event.

function prepareInboxInsert(conn: Tx) {
  return conn
    .insert(inbox)
    .values({
      eventId: sql.placeholder("eventId"),
      type: sql.placeholder("type"),
      source: sql.placeholder("source"),
      appliedAt: sql.placeholder("now"),
    })
    .onConflictDoNothing()
    .prepare();
}

function prepareStatusUpsert(conn: Tx) {
  return conn
    .insert(replicationStatus)
    .values({
      source: sql.placeholder("source"),
      lastEventId: sql.placeholder("eventId"),
      lastEventType: sql.placeholder("eventType"),
      lastEventTime: sql.placeholder("eventTime"),
      appliedAt: sql.placeholder("now"),
    })
    .onConflictDoUpdate({
      target: replicationStatus.source,
      set: {
        lastEventId: sql`excluded.last_event_id`,
        lastEventType: sql`excluded.last_event_type`,
        lastEventTime: sql`excluded.last_event_time`,
        appliedAt: sql`excluded.applied_at`,
      },
    })
    .prepare();
}
