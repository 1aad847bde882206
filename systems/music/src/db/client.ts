/**
 * music's SQLite database: opened once per process (Next.js bundles modules more than once, so
 * the handle lives on globalThis), tuned for a web process, migrated to the committed schema.
 */
import path from "node:path";
import { openSqlite, type SqliteDb } from "@scs/messaging/db";
import type Database from "better-sqlite3";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { env } from "@/env";
import * as schema from "./schema";

export type MusicDb = SqliteDb<typeof schema>;

/** Opens (and migrates) a database file; ":memory:" gives a private database for tests. */
export const openDatabase = (file: string): MusicDb => openSqlite(file, schema);

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
