/**
 * Inbox retention on a real SQLite file: ids inside the retention stay (a late copy is still
 * recognised), older ones go, in bounded batches through the `applied_at` index, and an id that a
 * stored dead letter carries stays whatever its age.
 */

import { createTestDb } from "@scs/testing";
import { count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "./db";
import { INBOX_RETENTION_MS, inboxPruneStatement, pruneInbox, pruneInboxBatch } from "./inbox";
import * as messagingTables from "./tables";
import { deadLetters, inbox } from "./tables";

const DAY_MS = 24 * 60 * 60 * 1000;
const now = Date.parse("2026-03-01T12:00:00Z");

function applied(db: Db, eventId: string, appliedAt: number) {
  db.insert(inbox).values({ eventId, type: "store.order.placed", source: "/store", appliedAt }).run();
}

const ids = (db: Db) =>
  db
    .select({ id: inbox.eventId })
    .from(inbox)
    .orderBy(inbox.eventId)
    .all()
    .map((r) => r.id);

describe("inbox retention", () => {
  it("keeps ids inside the retention and deletes those older than it", async () => {
    const db = await createTestDb(messagingTables);
    applied(db, "fresh", now - DAY_MS);
    applied(db, "just-inside", now - INBOX_RETENTION_MS + 60_000);
    applied(db, "just-outside", now - INBOX_RETENTION_MS - 60_000);
    applied(db, "ancient", now - 400 * DAY_MS);

    expect(await pruneInbox(db, { now })).toBe(2);
    expect(ids(db)).toEqual(["fresh", "just-inside"]);
    // Nothing more to do until time passes.
    expect(await pruneInbox(db, { now })).toBe(0);
    expect(await pruneInbox(db, { now: now + 2 * 60_000 })).toBe(1);
    expect(ids(db)).toEqual(["fresh"]);
  });

  it("keeps an id whose dead letter is stored, however old, so that replaying it is still recognised", async () => {
    const db = await createTestDb(messagingTables);
    applied(db, "replayable", now - 90 * DAY_MS);
    applied(db, "forgotten", now - 90 * DAY_MS);
    db.insert(deadLetters)
      .values({
        eventId: "replayable",
        type: "store.order.placed",
        exchange: "store.events",
        routingKey: "store.order.placed",
        userId: "store",
        reason: "handler failed: database is locked",
        body: "{}",
        deadAt: now - 89 * DAY_MS,
      })
      .run();
    // Poison that was never an event (not JSON) has no id: it must not stop pruning the others.
    db.insert(deadLetters)
      .values({
        eventId: null,
        exchange: "store.events",
        routingKey: "store.order.placed",
        userId: "store",
        reason: "not JSON",
        body: "{oops",
        deadAt: now - DAY_MS,
      })
      .run();

    expect(await pruneInbox(db, { now })).toBe(1);
    expect(ids(db)).toEqual(["replayable"]);
    // Once the dead letter is gone (replayed or discarded), so is the id after its retention.
    db.delete(deadLetters).where(eq(deadLetters.eventId, "replayable")).run();
    expect(await pruneInbox(db, { now })).toBe(1);
    expect(ids(db)).toEqual([]);
  });

  it("deletes in bounded batches, oldest first", async () => {
    const db = await createTestDb(messagingTables);
    const old = now - INBOX_RETENTION_MS - DAY_MS;
    db.transaction((tx) => {
      for (let i = 0; i < 1_205; i++)
        tx.insert(inbox)
          .values({ eventId: `e${i}`, type: "t", source: "/store", appliedAt: old + i })
          .run();
    });
    const cutoff = now - INBOX_RETENTION_MS;

    expect(pruneInboxBatch(db, cutoff, 500)).toBe(500);
    // The 500 oldest went first.
    const oldestLeft = db
      .select({ at: sql<number>`min(${inbox.appliedAt})` })
      .from(inbox)
      .get();
    expect(oldestLeft?.at).toBe(old + 500);

    let batches = 0;
    const deleted = await pruneInbox(db, {
      now,
      batchSize: 500,
      stopped: () => {
        batches++;
        return false;
      },
    });
    expect(deleted).toBe(705);
    expect(batches).toBe(1); // 500, then 205 (< a batch: done)
    expect(db.select({ n: count() }).from(inbox).get()?.n).toBe(0);
  });

  it("finds the oldest rows through the applied_at index, not by scanning the inbox", async () => {
    const db = await createTestDb(messagingTables);
    const plan = db.all<{ detail: string }>(
      sql`explain query plan ${inboxPruneStatement(db, now, 500).getSQL()}`,
    );
    const details = plan.map((row) => row.detail);
    expect(details).toContain("SEARCH inbox USING INDEX inbox_applied_at (applied_at<?)");
    expect(details.filter((detail) => /^SCAN inbox\b/.test(detail))).toEqual([]);
  });
});
