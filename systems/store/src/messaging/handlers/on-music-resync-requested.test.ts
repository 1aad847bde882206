/**
 * music asks store for its customers: the handler only records a job, and the runner re-publishes
 * every account once, with its current version, in pages after the handler's transaction.
 */
import { randomUUID } from "node:crypto";
import type { CloudEvent } from "@scs/contracts/envelope";
import { type ResyncRunner, resyncJob } from "@scs/messaging/resync-jobs";
import { eventually } from "@scs/testing";
import { asc } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type StoreDb } from "@/db/database";
import { accounts, outbox } from "@/db/schema";
import { CUSTOMERS_RESYNC, startRepublishing } from "../republish";
import { onMusicResyncRequested } from "./on-music-resync-requested";

const request = (): CloudEvent<"music.resync.requested"> => ({
  specversion: "1.0",
  id: randomUUID(),
  source: "/music",
  type: "music.resync.requested",
  subject: "customers",
  time: new Date().toISOString(),
  data: { from: ["store"] },
});

const recorded = (db: StoreDb) =>
  db
    .select()
    .from(outbox)
    .orderBy(asc(outbox.seq))
    .all()
    .map((r) => JSON.parse(r.body) as { type: string; subject: string; aggregateversion: number });

let db: StoreDb;
let runner: ResyncRunner | undefined;
beforeEach(() => {
  db = openDatabase(":memory:");
  // Accounts as they are stored (creating them through createAccount would hash 1,000 passwords).
  db.insert(accounts)
    .values(
      Array.from({ length: 1_100 }, (_, i) => ({
        id: randomUUID(),
        email: `customer-${i}@example.com`,
        name: `Customer ${i}`,
        passwordHash: "scrypt$unused",
        roles: ["customer" as const],
        version: 1 + (i % 3),
        createdAt: i,
        updatedAt: i,
      })),
    )
    .run();
});
afterEach(async () => {
  await runner?.stop();
  runner = undefined;
});

describe("onMusicResyncRequested", () => {
  it("only records a resync job in the consumer's transaction", () => {
    db.transaction((tx) => onMusicResyncRequested(request(), tx));
    expect(recorded(db)).toEqual([]);
    expect(resyncJob(db, CUSTOMERS_RESYNC)).toMatchObject({ cursor: null, requests: 1, finishedAt: null });
  });

  it("then re-publishes every customer once with its current version, 100 per transaction", async () => {
    const pages: number[] = [];
    runner = startRepublishing(db, { log: () => {}, onPage: (_name, ids) => pages.push(ids.length) });
    db.transaction((tx) => onMusicResyncRequested(request(), tx));
    expect(recorded(db)).toEqual([]);
    await eventually(() => resyncJob(db, CUSTOMERS_RESYNC)?.finishedAt, 20_000, "the resync finished");

    const versions = new Map(
      db
        .select()
        .from(accounts)
        .all()
        .map((a) => [a.id, a.version]),
    );
    const events = recorded(db);
    expect(events.every((e) => e.type === "store.customer.upserted")).toBe(true);
    expect(new Map(events.map((e) => [e.subject, e.aggregateversion]))).toEqual(versions);
    expect(events).toHaveLength(1_100);
    // 11 full pages, then an empty one that finds the end.
    expect(pages).toEqual([...Array(11).fill(100), 0]);
  });
});
