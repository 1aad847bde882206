/** Test helpers: a real SQLite file with the given tables, polling, the test broker's URLs. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { generateSQLiteDrizzleJson, generateSQLiteMigration } from "drizzle-kit/api";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";

/**
 * A real SQLite file (WAL, like the systems) with `tables` created: a system's schema, or the
 * messaging tables (`@scs/messaging/tables`) plus a test's own.
 */
export async function createTestDb(
  tables: Record<string, unknown>,
  file = path.join(mkdtempSync(path.join(tmpdir(), "scs-test-")), "test.sqlite"),
): Promise<BetterSQLite3Database & { $client: Database.Database }> {
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  // As the systems' databases: several processes may share a file (the lease tests, restarts).
  sqlite.pragma("busy_timeout = 5000");
  // A file that already has tables (a process restarted on its old data) is used as it is.
  if (sqlite.prepare("select 1 from sqlite_master where type = 'table'").get()) return drizzle(sqlite);
  const from = await generateSQLiteDrizzleJson({});
  const to = await generateSQLiteDrizzleJson(tables);
  for (const statement of await generateSQLiteMigration(from, to)) sqlite.exec(statement);
  return drizzle(sqlite);
}

/** Polls until `check` returns a truthy value or the deadline passes (never a fixed sleep). */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 10_000,
  label = "condition",
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}${last ? `: ${last}` : ""}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Broker URLs provided by `npm test` (scripts/test.mjs), which starts a private broker. */
export function testBroker() {
  const need = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run integration tests through npm test`);
    return value;
  };
  return {
    catalog: need("TEST_AMQP_URL_CATALOG"),
    music: need("TEST_AMQP_URL_MUSIC"),
    store: need("TEST_AMQP_URL_STORE"),
    /** The administrator, on vhost scs. */
    admin: `${need("TEST_BROKER_ADMIN_URL").replace(/\/(scs)?$/, "")}/scs`,
  };
}
