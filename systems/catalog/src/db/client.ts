/**
 * catalog's SQLite database: opened once per process (cached on globalThis because Next.js
 * bundles modules more than once), migrated to the committed migrations in ./drizzle.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { env } from "@/env";
import * as schema from "./schema";

export type CatalogDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Opens (and migrates) a database file; ":memory:" gives a private database for tests. */
export function openDb(file: string): CatalogDb {
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: path.join(process.cwd(), "drizzle") });
  return db;
}

const slot = globalThis as unknown as { __catalogDb?: CatalogDb };

/** The process's database, opened on first use. */
export function getDb(): CatalogDb {
  if (!slot.__catalogDb) {
    const dataDir = path.resolve(env.DATA_DIR);
    mkdirSync(dataDir, { recursive: true });
    slot.__catalogDb = openDb(path.join(dataDir, "catalog.sqlite"));
  }
  return slot.__catalogDb;
}
