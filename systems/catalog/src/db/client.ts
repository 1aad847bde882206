/**
 * catalog's SQLite database: opened once per process (cached on globalThis because Next.js
 * bundles modules more than once), migrated to the committed migrations in ./drizzle.
 */
import path from "node:path";
import { openSqlite, type SqliteDb } from "@scs/messaging/db";
import { env } from "@/env";
import * as schema from "./schema";

export type CatalogDb = SqliteDb<typeof schema>;

/** Opens (and migrates) a database file; ":memory:" gives a private database for tests. */
export const openDatabase = (file: string): CatalogDb => openSqlite(file, schema);

const slot = globalThis as unknown as { __catalogDb?: CatalogDb };

/** The process's database, `${DATA_DIR}/catalog.sqlite`, opened on first use. */
export function getDb(): CatalogDb {
  slot.__catalogDb ??= openDatabase(path.resolve(env.DATA_DIR, "catalog.sqlite"));
  return slot.__catalogDb;
}
