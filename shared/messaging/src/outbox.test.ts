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
