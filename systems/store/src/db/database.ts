/**
 * Opening a store database: the suite's pragmas, then the committed migrations from `drizzle/`.
 * Free of configuration, so tests can open a throwaway database (`:memory:`).
 */
import { openSqlite, type SqliteDb } from "@scs/messaging/db";
import * as schema from "./schema";

export type StoreDb = SqliteDb<typeof schema>;

/** The synchronous transaction handle of `db.transaction((tx) => …)` (and of messaging handlers). */
export type StoreTx = Parameters<Parameters<StoreDb["transaction"]>[0]>[0];

/** The database or a transaction on it: queries work in both. */
export type Conn = StoreDb | StoreTx;

export const openDatabase = (file: string, migrationsFolder?: string): StoreDb =>
  openSqlite(file, schema, migrationsFolder);
