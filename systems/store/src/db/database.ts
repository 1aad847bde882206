/**
 * Opening a store database: pragmas, then the committed migrations from `drizzle/`.
 * Free of configuration, so tests can open a throwaway database (`:memory:`).
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type StoreDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** The synchronous transaction handle of `db.transaction((tx) => …)` (and of messaging handlers). */
export type StoreTx = Parameters<Parameters<StoreDb["transaction"]>[0]>[0];

export function openDatabase(file: string, migrationsFolder = path.join(process.cwd(), "drizzle")): StoreDb {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder });
  return db;
}
