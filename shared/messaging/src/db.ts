import { closeSync, fstatSync, fsync, mkdirSync, openSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import Database from "better-sqlite3";
import { is, Param, Placeholder } from "drizzle-orm";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";

/** A system's drizzle database (better-sqlite3), whatever its schema. */
// biome-ignore lint/suspicious/noExplicitAny: any schema is accepted; messaging uses its own tables only
export type Db = BetterSQLite3Database<any>;
/** The synchronous transaction handle of `db.transaction((tx) => …)`. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** A system's database opened by `openSqlite`: drizzle with its schema, and the raw connection. */
export type SqliteDb<S extends Record<string, unknown>> = BetterSQLite3Database<S> & {
  $client: Database.Database;
};

/**
 * WAL pages after which a commit of a system's own connection checkpoints (SQLite's default is
 * 1,000). A checkpoint runs inside the commit that crosses the limit and fsyncs the WAL and the
 * database file: under a flood of edits (about 7 pages each) that came every ~150 commits, and
 * its fsyncs blocked the writer longer than the edits took (issue 15's T3; a write-only loop at
 * load 6–8 spent ~155 µs an edit in fsync at 1,000 pages, ~70 at 10,000). Fewer, larger
 * checkpoints also write each hot page once instead of once per 1,000 pages. The relay's thread
 * keeps SQLite's default on its own connection (relay-worker.ts): while it runs, its batch marks
 * take most checkpoints off the writer's thread (the same limit there too made no difference T3
 * could tell from its noise). Durability is as before:
 * a commit is on disk once `durable()` or a checkpoint has fsynced the WAL. What grows is what waits
 * for an fsync while nothing calls `durable()` (e.g. the broker down: up to 10,000 pages of
 * commits, not 1,000, that an OS crash could take back), and the WAL file (up to ~40 MB).
 */
export const WAL_AUTOCHECKPOINT_PAGES = 10_000;

/**
 * Opens a system's database file (":memory:" gives a private one for tests) the way every system
 * runs it — WAL, `synchronous = NORMAL` (see `groupCommit`), checkpoints every
 * `WAL_AUTOCHECKPOINT_PAGES`, a 5 s busy timeout, foreign keys — and applies the committed
 * migrations (`drizzle/` of the working directory unless told).
 */
export function openSqlite<S extends Record<string, unknown>>(
  file: string,
  schema: S,
  migrationsFolder = path.join(process.cwd(), "drizzle"),
): SqliteDb<S> {
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder });
  return db;
}

/**
 * Runs `work` on the database's connection with SQLite's busy handler off: a statement that needs
 * the write lock while another connection holds it fails at once with SQLITE_BUSY instead of
 * sleeping in the busy handler (1, 2, 5, 10 … 100 ms between tries, the calling thread blocked),
 * for writes that can wait for a later turn. The connection's busy timeout is restored afterwards.
 */
export function withoutWaitingForLock<T>(db: Db, work: () => T): T {
  const client = (db as unknown as { $client: Database.Database }).$client;
  const busyTimeout = client.pragma("busy_timeout", { simple: true }) as number;
  client.pragma("busy_timeout = 0");
  try {
    return work();
  } finally {
    client.pragma(`busy_timeout = ${busyTimeout}`);
  }
}

/** Runs `work` in one immediate transaction (`BEGIN IMMEDIATE` … `COMMIT`, or `ROLLBACK` if it throws). */
export type Transaction = (work: (tx: Tx) => unknown) => unknown;
const transactions = new WeakMap<Db, Transaction>();

/**
 * The connection's transaction, made once: drizzle's `db.transaction` builds a new handle (with a
 * query builder for every table of the schema) and better-sqlite3 a new set of wrapper functions
 * on every call, 7% of a catalog edit's time once its statements were prepared (issue 15's T3), and
 * the main part of what a small batch of the consumer cost beside its statements (T1, CPU profile).
 * The handle holds no state of its own transaction (its connection, dialect and schema only), so
 * one handle taken from drizzle serves every transaction: `BEGIN IMMEDIATE`, `work(tx)`, then
 * `COMMIT` (or `ROLLBACK` if it throws), a savepoint when nested, as `db.transaction` runs them.
 */
export function transactionOf(db: Db): Transaction {
  let transaction = transactions.get(db);
  if (!transaction) {
    const tx = db.transaction((handle) => handle);
    const client = (db as unknown as { $client: Database.Database }).$client;
    transaction = client.transaction((work: (tx: Tx) => unknown) => work(tx)).immediate;
    transactions.set(db, transaction);
  }
  return transaction;
}

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
  if (!statements.has(prepare)) statements.set(prepare, withPlaceholdersResolvedOnce(prepare(conn)));
  return statements.get(prepare) as T;
}

interface DrizzlePrepared {
  stmt?: { run: (...params: unknown[]) => unknown };
  query?: { sql: string; params?: unknown[] };
  logger?: { logQuery: (sql: string, params: unknown[]) => void };
  run?: (values?: Record<string, unknown>) => unknown;
}

/**
 * drizzle's prepared `run` works out on every call which parameters are placeholders, testing
 * each one's class by walking its prototypes (`fillPlaceholders`): in store's CPU profile of a
 * backlog drain (T4) that was over a third of the time SQLite took to run the statements. A statement's parameters
 * never change, so here each is resolved once into a getter; values are bound exactly as drizzle
 * binds them (a column's encoder applied, a missing value refused). Only better-sqlite3's
 * prepared queries are changed (`stmt` and `query.params` present); anything else is returned as it is.
 */
function withPlaceholdersResolvedOnce<T>(prepared: T): T {
  const query = prepared as DrizzlePrepared;
  const stmt = query.stmt;
  const sql = query.query?.sql;
  const params = query.query?.params;
  if (typeof stmt?.run !== "function" || sql === undefined || !Array.isArray(params)) return prepared;
  const placeholderValue = (name: string, values: Record<string, unknown>) => {
    if (!(name in values)) throw new Error(`No value for placeholder "${name}" was provided`);
    return values[name];
  };
  const getters = params.map((param): ((values: Record<string, unknown>) => unknown) => {
    if (is(param, Placeholder)) return (values) => placeholderValue(param.name, values);
    if (is(param, Param) && is(param.value, Placeholder)) {
      const { encoder } = param;
      const name = param.value.name;
      return (values) => encoder.mapToDriverValue(placeholderValue(name, values));
    }
    return () => param;
  });
  query.run = (values = {}) => {
    const bound = getters.map((get) => get(values));
    query.logger?.logQuery(sql, bound);
    return stmt.run(...bound);
  };
  return prepared;
}

/**
 * Group commit for durability at the boundary. Databases run WAL with `synchronous = NORMAL`: a
 * commit is safe from a process crash at once, but reaches the disk only at the next checkpoint,
 * so an OS crash or power loss can take back the last commits. That matters only once something
 * outside the process relies on them — a published event, an acked delivery. Before those,
 * `durable()` fsyncs the WAL: every commit made before the call is then on disk. Callers that
 * arrive while an fsync runs (it may have started before their commit) share the next one, so a
 * burst of commits costs one or two fsyncs, not one each (decision 0010).
 */
export function groupCommit(sync: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  const start = () => {
    running = sync().finally(() => {
      running = null;
    });
    return running;
  };
  return () => {
    if (!running) return start();
    next ??= running
      .catch(() => {})
      .then(() => {
        next = null;
        return start();
      });
    return next;
  };
}

/** `durable()` for a database: fsyncs its WAL file (and, once, its folder); free for `:memory:`. */
export function durableCommits(db: Db): () => Promise<void> {
  const client = (db as unknown as { $client?: { name?: string; memory?: boolean } }).$client;
  const file = client?.name;
  if (!file || client?.memory || file === ":memory:") return () => Promise.resolve();
  const wal = walFileOf(db, `${file}-wal`);
  let folderSynced = false;
  return groupCommit(async () => {
    // The folder once: the WAL file itself must survive a crash (SQLite syncs it only at checkpoints).
    if (!folderSynced) {
      await fsyncPath(path.dirname(file));
      folderSynced = true;
    }
    await wal.sync();
  });
}

/**
 * A database's WAL file, kept open between fsyncs: opening and closing it around each one were two
 * more trips through libuv's thread pool per `durable()` (9 % of store's busy time in T1, profile).
 * The WAL is removed only when the last connection to the database closes, and this process's
 * stays open while it calls `durable()`; should the file at the path still be another one (its
 * inode changed), that one is opened instead. The descriptor is closed when the database is
 * garbage-collected.
 */
function walFileOf(db: Db, file: string): { sync(): Promise<void> } {
  let fd: number | null = null;
  let inode = 0;
  return {
    async sync() {
      let now: number;
      try {
        now = statSync(file).ino;
      } catch (error) {
        // No WAL file: nothing is waiting in one (the last connection checkpointed and removed it).
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
        throw error;
      }
      if (fd === null || now !== inode) {
        if (fd !== null) {
          openWalFiles.unregister(this);
          closeSync(fd);
        }
        fd = openSync(file, "r");
        inode = fstatSync(fd).ino;
        openWalFiles.register(db, fd, this);
      }
      const descriptor = fd;
      await new Promise<void>((resolve, reject) =>
        fsync(descriptor, (error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

const openWalFiles = new FinalizationRegistry<number>((fd) => closeSync(fd));

async function fsyncPath(file: string): Promise<void> {
  const handle = await open(file, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
