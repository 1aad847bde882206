import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";

/** A system's drizzle database (better-sqlite3), whatever its schema. */
// biome-ignore lint/suspicious/noExplicitAny: any schema is accepted; messaging uses its own tables only
export type Db = BetterSQLite3Database<any>;
/** The synchronous transaction handle of `db.transaction((tx) => …)`. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

const prepared = new WeakMap<object, Map<unknown, unknown>>();

/**
 * A statement prepared once per database connection and reused, for hot paths (a replica applies
 * thousands of events a second) where drizzle building the SQL and SQLite compiling it on every
 * call would cost more than running it. `prepare` must be a module-level function: it is the key.
 */
export function preparedOnce<C extends object, T>(conn: C, prepare: (conn: C) => T): T {
  // A drizzle transaction runs on its database's session (the same better-sqlite3 connection), so
  // a statement prepared through either stays valid for both, as long as the connection lives.
  const session = (conn as unknown as { session: object }).session;
  let statements = prepared.get(session);
  if (!statements) {
    statements = new Map();
    prepared.set(session, statements);
  }
  if (!statements.has(prepare)) statements.set(prepare, prepare(conn));
  return statements.get(prepare) as T;
}
