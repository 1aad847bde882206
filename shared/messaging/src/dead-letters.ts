/**
 * Dead letters are moved from the system's dead-letter queue into its own `dead_letters` table,
 * where /ops shows them with their reason and payload and can replay or discard them. The
 * original exchange and publisher travel with the message, so a replay passes the same
 * publisher check as the first delivery did.
 */
import type { ConsumeMessage } from "amqplib";
import { desc } from "drizzle-orm";
import type { Db } from "./db";
import { deadLetters } from "./tables";

type Death = { exchange?: string; "routing-keys"?: string[]; reason?: string; count?: number };

const header = (message: ConsumeMessage, name: string): string | undefined => {
  const value = message.properties.headers?.[name];
  return value === undefined || value === null ? undefined : String(value);
};

export function storeDeadLetter(db: Db, message: ConsumeMessage): void {
  const death = (message.properties.headers?.["x-death"] as Death[] | undefined)?.[0];
  db.insert(deadLetters)
    .values({
      eventId: message.properties.messageId ?? null,
      type: message.properties.type ?? null,
      exchange: header(message, "x-scs-original-exchange") ?? death?.exchange ?? message.fields.exchange,
      routingKey:
        header(message, "x-scs-original-routing-key") ??
        death?.["routing-keys"]?.[0] ??
        message.fields.routingKey,
      userId: header(message, "x-scs-original-user-id") ?? message.properties.userId ?? null,
      reason:
        header(message, "x-scs-reason") ??
        `broker dead-lettered it: ${death?.reason ?? "unknown"}${death?.count ? ` (${death.count}×)` : ""}`,
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
