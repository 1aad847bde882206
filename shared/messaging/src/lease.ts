/**
 * One active instance per system: a lease row beside the system's database decides which process
 * runs the relay and the consumer (decision 0021). Several processes of a system may serve pages
 * and write to the same SQLite file (WAL, busy_timeout) — during a zero-downtime restart there are
 * two — but only the lease holder talks to the broker: SQLite has one writer at a time, the queue's
 * order must hold, and the holder relays every instance's outbox rows (the shared table).
 *
 * The holder renews the row every `renewEveryMs`; a row not renewed for `ttlMs` has expired and
 * any instance may take it. A holder that could not renew for half the time to live steps down
 * (stops its runtime) before anyone may take over, so two holders never run at once. A holder
 * that stops cleanly deletes its row: the next instance takes over at its next look, without
 * waiting for the expiry. A killed holder's row expires: the others take over within
 * `ttlMs + pollEveryMs` — or at their next look when the holder was a process of the same host
 * that no longer exists (`npm start` and a restart run both instances on one host).
 *
 * A plain lease, not `x-single-active-consumer` on the queues: queue arguments cannot change on an
 * existing queue (every deployment would have to delete and re-create its queues), and the relay
 * and the system's own writers need the same guard as the consumer.
 *
 * The row lives in a file of its own next to the system's database (`catalog.sqlite` →
 * `catalog.lease.sqlite`), not in it: the renewal commits every second, and every commit to the
 * system's database is a change of its data to the page cache (`@scs/web/page-cache`, decision
 * 0022) — in the same file the heartbeat alone rendered every cached page again each second.
 */

import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import Database from "better-sqlite3";
import { and, eq, lt, or, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { Db } from "./db";
import { logger } from "./log";
import type { Messaging, MessagingConfig, MessagingStatus } from "./types";

/** The lease rows (one: `messaging`) of a system's lease database (`openLeaseDatabase`). */
export const leases = sqliteTable("leases", {
  name: text("name").primaryKey(),
  /** The instance holding it: host, pid and a random suffix (a pid is reused after a restart). */
  holder: text("holder").notNull(),
  acquiredAt: integer("acquired_at").notNull(),
  /** Epoch ms; past it, any instance may take the lease. */
  expiresAt: integer("expires_at").notNull(),
});

export const MESSAGING_LEASE = "messaging";

/** The lease file of a system's database file: `x.sqlite` → `x.lease.sqlite`. */
export const leaseFileOf = (databaseFile: string) => `${databaseFile.replace(/\.sqlite$/, "")}.lease.sqlite`;

/**
 * The lease database next to a system's database (`leaseFileOf`), created on first use: one table,
 * no migrations. A system database held in memory (tests) gets a private lease database in memory.
 */
export function openLeaseDatabase(systemDb: Db): Db {
  const client = (systemDb as unknown as { $client?: { name?: string; memory?: boolean } }).$client;
  const file = client?.name;
  const sqlite = new Database(!file || client?.memory ? ":memory:" : leaseFileOf(file));
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.exec(`create table if not exists leases (
    name text primary key not null,
    holder text not null,
    acquired_at integer not null,
    expires_at integer not null
  )`);
  return drizzle(sqlite);
}

export interface LeaseTiming {
  /** How long a lease lasts without renewal. */
  ttlMs: number;
  /** How often the holder renews it. */
  renewEveryMs: number;
  /** How often an instance without it looks whether it is free. */
  pollEveryMs: number;
}

/** A killed holder is replaced within ttl + poll: 6.5 s. */
export const DEFAULT_LEASE_TIMING: LeaseTiming = { ttlMs: 6_000, renewEveryMs: 1_000, pollEveryMs: 500 };

export const newInstanceId = () => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** Takes the lease if it is free, expired or already ours; true when we hold it afterwards. */
export function tryAcquire(db: Db, name: string, holder: string, ttlMs: number, now = Date.now()): boolean {
  // Reading first keeps an instance that waits from taking the write lock once per poll.
  const row = db.select().from(leases).where(eq(leases.name, name)).get();
  if (row && row.holder !== holder && row.expiresAt > now) return false;
  // One statement, so two instances that both saw it free cannot both take it.
  const taken = db
    .insert(leases)
    .values({ name, holder, acquiredAt: now, expiresAt: now + ttlMs })
    .onConflictDoUpdate({
      target: leases.name,
      set: {
        holder,
        acquiredAt: sql`case when ${leases.holder} = ${holder} then ${leases.acquiredAt} else ${now} end`,
        expiresAt: now + ttlMs,
      },
      setWhere: or(eq(leases.holder, holder), lt(leases.expiresAt, now)),
    })
    .run();
  return taken.changes > 0;
}

/**
 * The holder named in the row is a process of this host that no longer exists (killed): its lease
 * may be taken at once rather than at its expiry. A process elsewhere, or alive, is never presumed
 * dead (a reused pid only makes us wait for the expiry).
 */
export function holderIsDeadHere(holderId: string): boolean {
  const [host, pid] = holderId.split(":");
  if (host !== hostname() || !pid || !/^\d+$/.test(pid) || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** Takes the lease from `dead` (holderIsDeadHere), unless someone else took it meanwhile. */
export function takeOver(
  db: Db,
  name: string,
  holder: string,
  dead: string,
  ttlMs: number,
  now = Date.now(),
): boolean {
  return (
    db
      .update(leases)
      .set({ holder, acquiredAt: now, expiresAt: now + ttlMs })
      .where(and(eq(leases.name, name), eq(leases.holder, dead)))
      .run().changes > 0
  );
}

/** Extends our lease; false when it is no longer ours (it expired and another instance took it). */
export function renew(db: Db, name: string, holder: string, ttlMs: number, now = Date.now()): boolean {
  return (
    db
      .update(leases)
      .set({ expiresAt: now + ttlMs })
      .where(and(eq(leases.name, name), eq(leases.holder, holder)))
      .run().changes > 0
  );
}

/** Gives the lease up at once (a clean stop), so that the next instance need not wait for its expiry. */
export function release(db: Db, name: string, holder: string): void {
  db.delete(leases)
    .where(and(eq(leases.name, name), eq(leases.holder, holder)))
    .run();
}

export function currentHolder(db: Db, name = MESSAGING_LEASE): { holder: string; expiresAt: number } | null {
  const row = db.select().from(leases).where(eq(leases.name, name)).get();
  return row ? { holder: row.holder, expiresAt: row.expiresAt } : null;
}

/** A runtime that waits for `activate()` before it connects (runtime.ts `standby`). */
export type StandbyMessaging = Messaging & { activate(): void };

export interface LeadOptions {
  timing?: Partial<LeaseTiming>;
  instanceId?: string;
  /** Told when this instance becomes the active one and when it stops being it (tests, logs). */
  onRole?: (role: "active" | "standby") => void;
  /** The lease database; `openLeaseDatabase(config.db)` unless given (tests share one in memory). */
  leaseDb?: Db;
}

/**
 * A system's messaging runtime under the lease: `create` builds a runtime held in standby (no
 * broker connection); it is activated once this instance holds the lease. Stepping down stops it
 * for good and builds a fresh standby one (a stopped runtime cannot reconnect). `stop()` stops the
 * runtime, then releases the lease.
 */
export function leadMessaging(
  config: MessagingConfig,
  create: (config: MessagingConfig & { standby: true }) => StandbyMessaging,
  options: LeadOptions = {},
): Messaging {
  const timing = { ...DEFAULT_LEASE_TIMING, ...options.timing };
  const holder = options.instanceId ?? newInstanceId();
  const ownLeaseDb = !options.leaseDb;
  const db = options.leaseDb ?? openLeaseDatabase(config.db);
  const log = config.log ?? logger(config.system, "lease");
  let runtime = create({ ...config, standby: true });
  let active = false;
  let lastRenewed = 0;
  let stopping = false;
  /** The step-down in progress: a new runtime is not activated before the old one has stopped. */
  let steppingDown: Promise<void> | null = null;

  const stepDown = (why: string) => {
    active = false;
    log(`lease: stepping down (${why})`);
    const old = runtime;
    steppingDown = old
      .stop()
      .catch((error: Error) => log(`lease: stopping the runtime: ${error.message}`))
      .finally(() => {
        steppingDown = null;
        options.onRole?.("standby");
        if (!stopping) runtime = create({ ...config, standby: true });
      });
  };

  const takeOverFromDead = (now: number) => {
    const current = currentHolder(db);
    if (!current || !holderIsDeadHere(current.holder)) return false;
    log(`lease: its holder ${current.holder} is gone (killed): taking over without waiting for the expiry`);
    return takeOver(db, MESSAGING_LEASE, holder, current.holder, timing.ttlMs, now);
  };

  const tick = () => {
    // A stopping holder still renews (its runtime may publish until it has stopped); it takes nothing.
    if (steppingDown || (stopping && !active)) return;
    const now = Date.now();
    try {
      if (active) {
        if (renew(db, MESSAGING_LEASE, holder, timing.ttlMs, now)) lastRenewed = now;
        else return stepDown("another instance holds the lease");
      } else if (tryAcquire(db, MESSAGING_LEASE, holder, timing.ttlMs, now) || takeOverFromDead(now)) {
        active = true;
        lastRenewed = now;
        log(`lease: this instance (${holder}) is the active one: relay and consumer start`);
        options.onRole?.("active");
        runtime.activate();
      }
    } catch (error) {
      // e.g. SQLITE_BUSY under a long write: try again at the next tick, unless it has been too long.
      log(`lease: ${(error as Error).message}`);
    }
    // Past half the time to live without renewal: stop before anyone may take over.
    if (active && Date.now() - lastRenewed > timing.ttlMs / 2) stepDown("could not renew the lease in time");
  };

  // The holder renews more often than the others look: one timer, its period by role.
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Set once the runtime has stopped: no more ticks. */
  let stopped = false;
  const schedule = () => {
    timer = setTimeout(
      () => {
        tick();
        if (!stopped) schedule();
      },
      active ? timing.renewEveryMs : timing.pollEveryMs,
    );
    timer.unref();
  };
  tick();
  schedule();

  return {
    status: (): MessagingStatus => runtime.status(),
    broker: () => runtime.broker(),
    replayDeadLetter: (id) => runtime.replayDeadLetter(id),
    discardDeadLetter: (id) => runtime.discardDeadLetter(id),
    wake: () => runtime.wake(),
    async stop() {
      stopping = true;
      await steppingDown;
      // Renewing until the relay's thread has really stopped: the next instance takes over only
      // after this one no longer publishes (decision 0024), not when the stop outlasts the lease.
      await runtime.stop();
      stopped = true;
      clearTimeout(timer);
      if (active) {
        active = false;
        try {
          release(db, MESSAGING_LEASE, holder);
          log("lease: released");
        } catch (error) {
          log(`lease: could not release (it expires by itself): ${(error as Error).message}`);
        }
      }
      if (ownLeaseDb) (db as unknown as { $client: Database.Database }).$client.close();
    },
  };
}
