import { hostname } from "node:os";
import { createTestDb, eventually } from "@scs/testing";
import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "./db";
import {
  currentHolder,
  holderIsDeadHere,
  leadMessaging,
  leaseFileOf,
  leases,
  MESSAGING_LEASE,
  openLeaseDatabase,
  release,
  renew,
  type StandbyMessaging,
  tryAcquire,
} from "./lease";
import * as messagingTables from "./tables";
import type { MessagingConfig, MessagingStatus } from "./types";

const TTL = 1_000;

/** A lease database in memory (the lease tests need no system tables). */
const leaseDb = async () => openLeaseDatabase(await createTestDb(messagingTables));

describe("the lease file", () => {
  it("sits next to the system's database", () => {
    expect(leaseFileOf("/data/catalog.sqlite")).toBe("/data/catalog.lease.sqlite");
  });
});

describe("the lease row", () => {
  it("goes to one instance; another takes it only once it has expired", async () => {
    const db = await leaseDb();
    expect(tryAcquire(db, MESSAGING_LEASE, "a", TTL, 0)).toBe(true);
    expect(tryAcquire(db, MESSAGING_LEASE, "b", TTL, 500)).toBe(false);
    expect(tryAcquire(db, MESSAGING_LEASE, "a", TTL, 500)).toBe(true);
    expect(currentHolder(db)).toEqual({ holder: "a", expiresAt: 1_500 });
    expect(tryAcquire(db, MESSAGING_LEASE, "b", TTL, 1_400)).toBe(false);
    expect(tryAcquire(db, MESSAGING_LEASE, "b", TTL, 1_501)).toBe(true);
    expect(renew(db, MESSAGING_LEASE, "a", TTL, 1_600)).toBe(false);
    expect(currentHolder(db)?.holder).toBe("b");
  });

  it("is free at once when its holder releases it", async () => {
    const db = await leaseDb();
    tryAcquire(db, MESSAGING_LEASE, "a", TTL, 0);
    release(db, MESSAGING_LEASE, "b");
    expect(currentHolder(db)?.holder).toBe("a");
    release(db, MESSAGING_LEASE, "a");
    expect(tryAcquire(db, MESSAGING_LEASE, "b", TTL, 10)).toBe(true);
  });
});

/**
 * A stand-in for the runtime: records activation and stop (the real one needs a broker); its stop
 * takes `stopMs` (the relay's thread publishing and closing).
 */
function fakeRuntimes(stopMs = 0) {
  const made: { active: boolean; stopped: boolean }[] = [];
  const create = (): StandbyMessaging => {
    const state = { active: false, stopped: false };
    made.push(state);
    return {
      activate: () => {
        state.active = true;
      },
      status: () => ({ consumer: state.active ? "consuming" : "standby" }) as MessagingStatus,
      broker: () => "down",
      replayDeadLetter: () => ({ ok: false, reason: "fake" }),
      discardDeadLetter: () => false,
      wake: () => {},
      stop: async () => {
        await new Promise((resolve) => setTimeout(resolve, stopMs));
        state.stopped = true;
        state.active = false;
      },
    };
  };
  return { made, create };
}

const timing = { ttlMs: 400, renewEveryMs: 50, pollEveryMs: 20 };
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length) await stops.pop()?.();
});

function lead(db: Db, instanceId: string, stopMs = 0) {
  const runtimes = fakeRuntimes(stopMs);
  const roles: string[] = [];
  const config = { system: "store", db, log: () => {} } as unknown as MessagingConfig;
  const messaging = leadMessaging(config, runtimes.create, {
    leaseDb: db,
    timing,
    instanceId,
    onRole: (role) => roles.push(role),
  });
  stops.push(() => messaging.stop());
  return { messaging, runtimes, roles };
}

describe("leadMessaging", () => {
  it("activates the runtime of the holder only; the other takes over when the holder stops", async () => {
    const db = await leaseDb();
    const a = lead(db, "a");
    const b = lead(db, "b");
    expect(a.messaging.status().consumer).toBe("consuming");
    expect(b.messaging.status().consumer).toBe("standby");
    await a.messaging.stop();
    expect(a.runtimes.made[0]?.stopped).toBe(true);
    await eventually(() => b.messaging.status().consumer === "consuming", 2_000, "b active");
    expect(b.roles).toEqual(["active"]);
  });

  it("keeps renewing while its runtime stops, for longer than the lease lasts: no one takes over before", async () => {
    const db = await leaseDb();
    const a = lead(db, "a", timing.ttlMs * 3);
    const b = lead(db, "b");
    const stopped = a.messaging.stop();
    // Past the time to live, and at its end: b is still waiting.
    await new Promise((resolve) => setTimeout(resolve, timing.ttlMs * 2));
    expect(b.roles).toEqual([]);
    await stopped;
    expect(a.runtimes.made[0]?.stopped).toBe(true);
    await eventually(() => b.messaging.status().consumer === "consuming", 2_000, "b active");
  });

  it("steps down when another instance took the lease (its own renewals came too late)", async () => {
    const db = await leaseDb();
    const a = lead(db, "a");
    expect(a.roles).toEqual(["active"]);
    // As if a had stalled past its expiry and z had taken the lease meanwhile.
    db.update(leases)
      .set({ holder: "z", expiresAt: Date.now() + 60_000 })
      .run();
    await eventually(() => a.roles.length === 2, 2_000, "a stepped down");
    expect(a.roles).toEqual(["active", "standby"]);
    expect(a.runtimes.made[0]?.stopped).toBe(true);
    expect(a.messaging.status().consumer).toBe("standby");
    expect(a.runtimes.made).toHaveLength(2);
  });

  it("takes over at once from a holder of this host that no longer exists, not from a live one", async () => {
    const db = await leaseDb();
    let dead = 999_999;
    while (holderIsDeadHere(`${hostname()}:${dead}:x`) === false) dead--;
    db.insert(leases)
      .values({
        name: MESSAGING_LEASE,
        holder: `${hostname()}:${dead}:x`,
        acquiredAt: 0,
        expiresAt: Date.now() + 60_000,
      })
      .run();
    const a = lead(db, "a");
    expect(a.roles).toEqual(["active"]);
    await a.messaging.stop();
    db.insert(leases)
      .values({
        name: MESSAGING_LEASE,
        holder: `${hostname()}:${process.ppid}:x`,
        acquiredAt: 0,
        expiresAt: Date.now() + 60_000,
      })
      .run();
    const b = lead(db, "b");
    expect(b.roles).toEqual([]);
    expect(holderIsDeadHere(`elsewhere:${dead}:x`)).toBe(false);
  });
});
