/**
 * music's SQLite database: opened once per process (Next.js bundles modules more than once, so
 * the handle lives on globalThis), tuned for a web process, migrated to the committed schema.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { env } from "@/env";
import * as schema from "./schema";

export type MusicDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Opens a database file (or ":memory:") with music's pragmas and applies the migrations. */
export function openDatabase(file: string): MusicDb {
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: path.join(process.cwd(), "drizzle") });
  return db;
}

const slot = globalThis as unknown as { __musicDb?: MusicDb };

/** The process's database, `${DATA_DIR}/music.sqlite`. */
export function getDb(): MusicDb {
  slot.__musicDb ??= openDatabase(path.resolve(env.DATA_DIR, "music.sqlite"));
  return slot.__musicDb;
}

/** Anything queries can run on: the database or a transaction of it (they are synchronous). */
// biome-ignore lint/suspicious/noExplicitAny: queries use the core builder, which is schema-independent
export type Conn = BaseSQLiteDatabase<"sync", Database.RunResult, any, any>;

/** The transaction handle `transact` passes to its work (and the runtime to handlers). */
export type { Tx } from "@scs/messaging/db";
