import { logger } from "@scs/messaging/log";
import { startMessaging } from "@scs/messaging/runtime";
import { observeAppliedEvent } from "@scs/web/metrics";
import { getDb } from "@/db/client";
import { env } from "@/env";
import { startRepublishing } from "./republish";
import { requestCustomersIfEmpty } from "./resync";
import { subscriptions } from "./subscriptions";

/**
 * Starts music's messaging runtime (relay and consumer) in the web process, and the runner that
 * answers resync requests in pages. A failure is logged, never fatal: pages keep serving from the
 * database and /api/ready reports the broker as down.
 */
const log = logger("music", "messaging");

export function startSystemMessaging(): void {
  const db = getDb();
  try {
    requestCustomersIfEmpty(db);
    startMessaging({
      system: "music",
      amqpUrl: env.AMQP_URL,
      managementUrl: env.RABBITMQ_MANAGEMENT_URL,
      db,
      subscriptions,
      onApplied: observeAppliedEvent,
    });
  } catch (error) {
    log(`messaging did not start: ${error instanceof Error ? error.message : String(error)}`, "error");
  }
  try {
    startRepublishing(db);
  } catch (error) {
    log(`resync runner did not start: ${error instanceof Error ? error.message : String(error)}`, "error");
  }
}
