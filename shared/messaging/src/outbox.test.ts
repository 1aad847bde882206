import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDb } from "@scs/testing";
import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "./db";
import { recordEvent, transact } from "./outbox";
import * as messagingTables from "./tables";
import { outbox } from "./tables";

const events = (db: Db) => db.select({ n: count() }).from(outbox).get()?.n;
const removed = (tx: Parameters<Parameters<typeof transact>[1]>[0], id: string) =>
  recordEvent(tx, "catalog.product.removed", id, { id }, { aggregateVersion: 2 });

// transact reuses one transaction per connection (outbox.ts `transactionOf`): each call must
// still be a transaction of its own.
describe("transact", () => {
  it("commits each call's writes, and takes back all of a call that throws", async () => {
    const db = await createTestDb(messagingTables);
    expect(transact(db, (tx) => removed(tx, "a"))).toMatch(/^[0-9a-f-]{36}$/);
    expect(() =>
      transact(db, (tx) => {
        removed(tx, "b");
        throw new Error("the change failed");
      }),
    ).toThrow("the change failed");
    transact(db, (tx) => removed(tx, "c"));
    expect(events(db)).toBe(2);
  });

  it("runs a transaction inside another as a savepoint: the inner one's failure leaves the outer", async () => {
    const db = await createTestDb(messagingTables);
    transact(db, (tx) => {
      removed(tx, "a");
      expect(() =>
        transact(db, (inner) => {
          removed(inner, "b");
          throw new Error("inner failed");
        }),
      ).toThrow("inner failed");
    });
    expect(events(db)).toBe(1);
  });

  it("keeps each database's transactions on its own connection", async () => {
    const [one, two] = await Promise.all([createTestDb(messagingTables), createTestDb(messagingTables)]);
    transact(one, (tx) => removed(tx, "a"));
    transact(two, (tx) => removed(tx, "b"));
    transact(two, (tx) => removed(tx, "c"));
    expect([events(one), events(two)]).toEqual([1, 2]);
  });
});

describe("the outbox", () => {
  it("adds about two pages to the WAL per commit that records one event", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "scs-outbox-")), "test.sqlite");
    const db = await createTestDb(messagingTables, file);
    // Enough rows for the outbox's B-trees to have many leaves, as in a system that runs.
    transact(db, (tx) => {
      for (let i = 0; i < 5_000; i++) removed(tx, `old-${i}`);
    });
    const sqlite = db.$client;
    sqlite.pragma("wal_autocheckpoint = 0");
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
    const commits = 200;
    for (let i = 0; i < commits; i++) transact(db, (tx) => removed(tx, `p${i}`));
    const pageSize = sqlite.pragma("page_size", { simple: true }) as number;
    const frames = statSync(`${file}-wal`).size / (pageSize + 24);
    // Every page a commit changes is one more frame written (and later checkpointed): the row
    // and its place in the pending index, now and then a new leaf and its parent. A unique index
    // on the random event id and AUTOINCREMENT's sqlite_sequence made it four (issue 15).
    expect(frames / commits).toBeLessThan(2.5);
  });
});
