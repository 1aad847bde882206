/**
 * The consumer: takes deliveries from the system's inbox queue one at a time, in order, and for
 * each either applies it (handler + inbox row + status in ONE transaction, ack after commit),
 * recognises it as a duplicate (ack), retries it later (transient failure), or dead-letters it
 * with a reason (poison: not JSON, bad envelope, schema violation, wrong publisher, no handler,
 * or still failing at the delivery limit). It never throws out of a delivery.
 */
import { type CloudEvent, parseEventBytes } from "@scs/contracts/envelope";
import type { SystemName } from "@scs/contracts/events";
import { deadLetterOf, ownerOfExchange } from "@scs/contracts/topology";
import type { Channel, ConfirmChannel, ConsumeMessage } from "amqplib";
import { eq } from "drizzle-orm";
import { backoffDelay } from "./backoff";
import type { Db, Tx } from "./db";
import type { Handler, Subscriptions } from "./runtime";
import { inbox, replicationStatus } from "./tables";

export const REASON_HEADER = "x-scs-reason";

export interface ConsumerOptions {
  system: SystemName;
  db: Db;
  subscriptions: Subscriptions;
  deliveryLimit: number;
  log: (line: string) => void;
  /** Called after a commit that may have recorded events (so the relay publishes them). */
  afterCommit: () => void;
}

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

export class Consumer {
  consumed = 0;
  duplicates = 0;
  /** Deliveries the broker marked as redelivered (after a crash, a lost connection or a retry). */
  redelivered = 0;
  deadLettered = 0;
  private queue: Promise<void> = Promise.resolve();
  private inFlight = 0;

  constructor(private readonly options: ConsumerOptions) {}

  get busy(): boolean {
    return this.inFlight > 0;
  }

  /** Serialises deliveries so that they are applied in queue order. */
  deliver(message: ConsumeMessage, channel: Channel, publish: ConfirmChannel): void {
    this.inFlight++;
    this.queue = this.queue
      .then(async () => {
        await this.process(message, channel, publish);
      })
      .catch((error: Error) => this.options.log(`consumer: ${error.message}`))
      .finally(() => {
        this.inFlight--;
      });
  }

  /** Waits until every delivery handed to `deliver` so far is finished. */
  drain(): Promise<void> {
    return this.queue;
  }

  async process(message: ConsumeMessage, channel: Channel, publish: ConfirmChannel): Promise<Outcome> {
    if (message.fields.redelivered) this.redelivered++;
    const admitted = admit(message, this.options.subscriptions);
    if (!admitted.ok) {
      await this.deadLetter(message, admitted.reason, channel, publish);
      return "dead-lettered";
    }
    try {
      const outcome = this.apply(admitted.event);
      channel.ack(message);
      if (outcome === "duplicate") this.duplicates++;
      else {
        this.consumed++;
        this.options.afterCommit();
      }
      return outcome;
    } catch (error) {
      const reason = `handler failed: ${(error as Error).message}`;
      const deliveries = Number(message.properties.headers?.["x-delivery-count"] ?? 0) + 1;
      if (deliveries >= this.options.deliveryLimit) {
        await this.deadLetter(message, `${reason} (after ${deliveries} deliveries)`, channel, publish);
        return "dead-lettered";
      }
      this.options.log(`consumer: ${admitted.event.type} ${admitted.event.id} ${reason}; retrying`);
      // Requeue after a backoff without holding up the messages behind it.
      setTimeout(
        () => {
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
  }

  /**
   * Applies an event in one transaction with its inbox record; a known id changes nothing.
   * `alsoInTransaction` runs in the same transaction either way (replay removes the dead letter).
   */
  apply(event: CloudEvent, alsoInTransaction?: (tx: Tx) => void): "applied" | "duplicate" {
    const handler = this.options.subscriptions[event.type] as Handler<typeof event.type>;
    return this.options.db.transaction(
      (tx) => {
        alsoInTransaction?.(tx);
        const seen = tx.select({ id: inbox.eventId }).from(inbox).where(eq(inbox.eventId, event.id)).get();
        if (seen) return "duplicate" as const;
        handler(event, tx);
        const now = Date.now();
        tx.insert(inbox)
          .values({ eventId: event.id, type: event.type, source: event.source, appliedAt: now })
          .run();
        const status = {
          lastEventId: event.id,
          lastEventType: event.type,
          lastEventTime: Date.parse(event.time),
          appliedAt: now,
        };
        tx.insert(replicationStatus)
          .values({ source: event.source, ...status })
          .onConflictDoUpdate({ target: replicationStatus.source, set: status })
          .run();
        return "applied" as const;
      },
      { behavior: "immediate" },
    );
  }

  /** Moves a message to the system's dead-letter queue with the reason, then acks the original. */
  private async deadLetter(
    message: ConsumeMessage,
    reason: string,
    channel: Channel,
    publish: ConfirmChannel,
  ) {
    const { properties, fields } = message;
    this.options.log(`consumer: dead-lettering message ${properties.messageId ?? "(no id)"}: ${reason}`);
    await new Promise<void>((resolve, reject) => {
      publish.publish(
        deadLetterOf(this.options.system),
        fields.routingKey,
        message.content,
        {
          persistent: true,
          contentType: properties.contentType,
          messageId: properties.messageId,
          type: properties.type,
          headers: {
            ...properties.headers,
            [REASON_HEADER]: reason.slice(0, 1000),
            "x-scs-original-exchange": fields.exchange,
            "x-scs-original-routing-key": fields.routingKey,
            "x-scs-original-user-id": properties.userId ?? null,
          },
        },
        (error) => (error ? reject(error) : resolve()),
      );
    });
    channel.ack(message);
    this.deadLettered++;
  }
}
