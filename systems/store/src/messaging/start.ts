/**
 * Starts store's messaging runtime (relay + consumer) once per server process, after asking the
 * owners to re-publish if store holds nothing of theirs yet (see resync.ts).
 */
import { startMessaging } from "@scs/messaging/runtime";
import { getDb } from "@/db/client";
import { env } from "@/env";
import { requestResyncIfEmpty } from "./resync";
import { subscriptions } from "./subscriptions";

export function startSystemMessaging(): void {
  const db = getDb();
  const from = requestResyncIfEmpty(db);
  if (from.length > 0) console.log(`[store] no offers yet from ${from.join(", ")}: resync requested`);
  try {
    startMessaging({ system: "store", amqpUrl: env.AMQP_URL, db, subscriptions });
  } catch (error) {
    // The store keeps serving from its own database; events wait in the outbox.
    console.error("[store] messaging did not start:", (error as Error).message);
  }
}
