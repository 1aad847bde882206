/**
 * Dead letters are moved from the system's dead-letter queue into its own `dead_letters` table,
 * where /ops shows them with their reason and payload and can replay or discard them. A replay
 * passes the same publisher check as a first delivery, so what is stored as the message's exchange
 * and publisher must be facts the broker verified, never headers a publisher could have written.
 */
import { exchangeOf, systems } from "@scs/contracts/topology";
import type { ConsumeMessage } from "amqplib";
import { desc } from "drizzle-orm";
import type { Db } from "./db";
import { deadLetters } from "./tables";

/** Headers the consumer writes on the dead letters it publishes itself (see consumer.ts). */
export const REASON_HEADER = "x-scs-reason";
export const ORIGINAL_EXCHANGE_HEADER = "x-scs-original-exchange";
export const ORIGINAL_ROUTING_KEY_HEADER = "x-scs-original-routing-key";
export const ORIGINAL_USER_ID_HEADER = "x-scs-original-user-id";

type Death = { exchange?: string; "routing-keys"?: string[]; reason?: string; count?: number };

const header = (message: ConsumeMessage, name: string): string | undefined => {
  const value = message.properties.headers?.[name];
  return value === undefined || value === null ? undefined : String(value);
};

/**
 * Where a dead letter came from, from what the broker verified. Two kinds reach the queue:
 * - published by this system's consumer (its `user-id`, checked by the broker, is `ownUser`): then
 *   the x-scs-* headers were written by the consumer from the delivery's broker-set fields (it
 *   overwrites any the publisher sent), and they are the facts;
 * - dead-lettered by the broker itself (delivery limit): the message keeps its publisher's
 *   verified `user-id`, while `x-death` and any x-scs-* headers may have been forged by that
 *   publisher. The exchange is then the one the verified publisher may write to.
 */
export function deadLetterOrigin(message: ConsumeMessage, ownUser: string) {
  const userId = (message.properties.userId as string | undefined) ?? null;
  const death = (message.properties.headers?.["x-death"] as Death[] | undefined)?.[0];
  if (userId === ownUser)
    return {
      exchange: header(message, ORIGINAL_EXCHANGE_HEADER) ?? message.fields.exchange,
      routingKey: header(message, ORIGINAL_ROUTING_KEY_HEADER) ?? message.fields.routingKey,
      userId: header(message, ORIGINAL_USER_ID_HEADER) ?? null,
      reason: header(message, REASON_HEADER) ?? "dead-lettered without a reason",
    };
  const publisher = systems.find((system) => system === userId);
  return {
    exchange: publisher ? exchangeOf(publisher) : (death?.exchange ?? message.fields.exchange),
    routingKey: death?.["routing-keys"]?.[0] ?? message.fields.routingKey,
    userId,
    reason: `broker dead-lettered it: ${death?.reason ?? "unknown"}${death?.count ? ` (${death.count}×)` : ""}`,
  };
}

export function storeDeadLetter(db: Db, message: ConsumeMessage, ownUser: string): void {
  db.insert(deadLetters)
    .values({
      eventId: message.properties.messageId ?? null,
      type: message.properties.type ?? null,
      ...deadLetterOrigin(message, ownUser),
      body: message.content.toString("utf8"),
      deadAt: Date.now(),
    })
    .run();
}

/** The newest dead letters first, for /ops. */
export function listDeadLetters(db: Db, limit = 100) {
  return db.select().from(deadLetters).orderBy(desc(deadLetters.id)).limit(limit).all();
}

export type DeadLetter = ReturnType<typeof listDeadLetters>[number];
