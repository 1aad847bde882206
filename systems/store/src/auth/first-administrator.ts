/** The first administrator from ADMIN_EMAIL / ADMIN_PASSWORD, ensured at seed and at server start. */

import { logger } from "@scs/messaging/log";
import { getDb } from "@/db/client";
import { ensureAdministrator } from "@/domain/accounts";
import { env } from "@/env";

export async function ensureFirstAdministrator(): Promise<void> {
  const outcome = await ensureAdministrator(getDb(), {
    email: env.ADMIN_EMAIL,
    password: env.ADMIN_PASSWORD,
  });
  if (outcome === "created") logger("store", "accounts")(`administrator ${env.ADMIN_EMAIL} created`, "info");
}
