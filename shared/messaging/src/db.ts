import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";

/** A system's drizzle database (better-sqlite3), whatever its schema. */
// biome-ignore lint/suspicious/noExplicitAny: any schema is accepted; messaging uses its own tables only
export type Db = BetterSQLite3Database<any>;
/** The synchronous transaction handle of `db.transaction((tx) => …)`. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
