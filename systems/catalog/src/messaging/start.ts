/** Starts catalog's messaging runtime (relay + consumer) and its resync runner once per process. */

import { logger } from "@scs/messaging/log";
import { getMessaging } from "@scs/messaging/process-messaging";
import { startMessaging } from "@scs/messaging/runtime";
import { observeAppliedEvent } from "@scs/web/metrics";
import { getDb } from "@/db/client";
import { env } from "@/env";
import { startRepublishing } from "./republish";
import { requestCustomersIfEmpty } from "./resync";
import { subscriptions } from "./subscriptions";

const log = logger("catalog", "messaging");

export function startSystemMessaging(): void {
  if (getMessaging()) return;
  try {
    if (requestCustomersIfEmpty(getDb())) log("no customers yet: resync requested from store", "info");
  } catch (error) {
    log(`could not request customers: ${(error as Error).message}`, "error");
  }
  try {
    startMessaging({
      system: "catalog",
      amqpUrl: env.AMQP_URL,
      managementUrl: env.RABBITMQ_MANAGEMENT_URL,
      db: getDb(),
      subscriptions,
      onApplied: observeAppliedEvent,
    });
  } catch (error) {
    // Serving pages never depends on the broker: report and keep going (/api/ready says "down").
    log(`messaging did not start: ${(error as Error).message}`, "error");
  }
  try {
    // Resumes a resync a previous process left unfinished; its events wait in the outbox if need be.
    startRepublishing(getDb());
  } catch (error) {
    log(`resync runner did not start: ${(error as Error).message}`, "error");
  }
}
