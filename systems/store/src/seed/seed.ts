/**
 * Demo data for store: the first administrator (ADMIN_EMAIL / ADMIN_PASSWORD) and a demo
 * customer, created through the same domain function as sign-up, so each one's
 * `store.customer.upserted` is in the outbox. Idempotent: existing accounts are left alone.
 * Offers are not seeded: they arrive from catalog and music over RabbitMQ.
 *
 *   npm run seed -w @scs/store      (cwd = systems/store, same environment as the server)
 */
import { getDb } from "@/db/client";
import { createAccount, ensureAdministrator } from "@/domain/accounts";
import { env } from "@/env";

export const DEMO_CUSTOMER = {
  email: "customer@example.com",
  password: "customer-password",
  name: "Dana Demo",
};

async function seed() {
  const db = getDb();
  const admin = await ensureAdministrator(db, { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
  console.log(
    `[store seed] administrator ${env.ADMIN_EMAIL}: ${admin === "created" ? "created" : "already there"}`,
  );
  const customer = await createAccount(db, DEMO_CUSTOMER);
  console.log(
    `[store seed] demo customer ${DEMO_CUSTOMER.email}: ${customer.ok ? "created" : "already there"}`,
  );
  db.$client.close();
}

seed().catch((error) => {
  console.error("[store seed] failed:", error);
  process.exit(1);
});
