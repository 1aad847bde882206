/**
 * Starts store's messaging runtime (relay + consumer) once per server process, after asking the
 * owners to re-publish if store holds nothing of theirs yet (see resync.ts), and the pending
 * deadline's clock beside it (order-deadline.ts), which needs no broker to reject late orders,
 * and the runner that answers music's resync requests in pages (republish.ts).
 */

import { logger } from "@scs/messaging/log";
import { startMessaging } from "@scs/messaging/runtime";
import { observeAppliedEvent } from "@scs/web/metrics";
import { getDb } from "@/db/client";
import { env } from "@/env";
import { type OrderDeadline, startOrderDeadline } from "./order-deadline";
import { startRepublishing } from "./republish";
import { requestResyncIfEmpty } from "./resync";
import { subscriptions } from "./subscriptions";

const log = logger("store", "messaging");

const slot = globalThis as unknown as { __storeOrderDeadline?: OrderDeadline };

export function startSystemMessaging(): void {
  const db = getDb();
  const from = requestResyncIfEmpty(db);
  if (from.length > 0) log(`no offers yet from ${from.join(", ")}: resync requested`, "info");
  try {
    startMessaging({
      system: "store",
      amqpUrl: env.AMQP_URL,
      managementUrl: env.RABBITMQ_MANAGEMENT_URL,
      db,
      subscriptions,
      onApplied: observeAppliedEvent,
    });
  } catch (error) {
    // The store keeps serving from its own database; events wait in the outbox.
    log(`messaging did not start: ${(error as Error).message}`, "error");
  }
  slot.__storeOrderDeadline ??= startOrderDeadline({ db, timeoutMs: env.ORDER_PENDING_TIMEOUT_S * 1000 });
  startRepublishing(db);
}
