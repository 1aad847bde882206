/**
 * store's SQLite database: `${DATA_DIR}/store.sqlite`, opened (and migrated) once per process and
 * cached on globalThis, because Next.js bundles modules more than once.
 */
import path from "node:path";
import { env } from "@/env";
import { openDatabase, type StoreDb } from "./database";

export type { Conn, StoreDb, StoreTx } from "./database";

const slot = globalThis as unknown as { __storeDb?: StoreDb };

/** The process's database, opened on first use. */
export function getDb(): StoreDb {
  slot.__storeDb ??= openDatabase(path.join(path.resolve(env.DATA_DIR), "store.sqlite"));
  return slot.__storeDb;
}
