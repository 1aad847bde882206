import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDb, eventually } from "@scs/testing";
import type { ConfirmChannel } from "amqplib";
import type Database from "better-sqlite3";
import { isNotNull, isNull, max } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "./db";
import { recordEvent, transact } from "./outbox";
import { Relay, type RelayOptions } from "./relay";
import * as messagingTables from "./tables";
import { outbox } from "./tables";

/**
 * A confirm channel as amqplib behaves: `publish` confirms through its callback, but throws
 * synchronously (IllegalOperationError) while the channel is closing or closed.
 */
function fakeChannel() {
  const state = { closing: false, nackNext: 0, published: [] as string[] };
  const channel = {
    publish(
      _exchange: string,
      _key: string,
      _body: Buffer,
      options: { messageId: string },
      cb: (e?: Error) => void,
    ) {
      if (state.closing) throw new Error("Channel closing");
      if (state.nackNext > 0) {
        state.nackNext--;
        setImmediate(() => cb(new Error("message nacked")));
      } else {
        state.published.push(options.messageId);
        setImmediate(() => cb());
      }
      return true;
    },
  };
  return { state, channel: channel as unknown as ConfirmChannel };
}

function record(db: Db, n: number, from = 0) {
  transact(db, (tx) => {
    for (let i = from; i < from + n; i++)
      recordEvent(tx, "catalog.product.removed", `p${i}`, { id: `p${i}` }, { aggregateVersion: 1 });
  });
}

const pendingRows = (db: Db) => db.select().from(outbox).where(isNull(outbox.publishedAt)).all().length;

/** catalog's relay on `db`, publishing into `channel`, durable at once unless the test says otherwise. */
const catalogRelay = (db: Db, options: Pick<RelayOptions, "channel"> & Partial<RelayOptions>) =>
  new Relay({
    system: "catalog",
    db,
    userId: "catalog",
    durable: () => Promise.resolve(),
    log: () => {},
    ...options,
  });

describe("the relay", () => {
  it("publishes everything after publish() threw synchronously on a closing channel, and after nacks", async () => {
    const db = await createTestDb(messagingTables);
    const { state, channel } = fakeChannel();
    let current: ConfirmChannel | null = channel;
    const relay = catalogRelay(db, {
      channel: () => current,
    });

    // The broker closed the channel; the relay still holds it for a moment and publishes into it.
    state.closing = true;
    record(db, 3);
    await relay.flush();
    // A fresh channel; a later batch is nacked (the failure that made the old relay wait for ever).
    const fresh = fakeChannel();
    current = fresh.channel;
    fresh.state.nackNext = 1;
    record(db, 3, 3);
    await relay.flush();

    // The sweep (every second in the runtime) flushes until nothing is pending.
    await eventually(
      async () => {
        await relay.flush();
        return pendingRows(db) === 0;
      },
      8_000,
      "every row published",
    );
    expect(new Set(fresh.state.published).size).toBe(6);
    expect(relay.published).toBe(6);
  }, 15_000);

  it("prunes rows published long ago but keeps the newest, so a row recorded after is still published", async () => {
    const db = await createTestDb(messagingTables);
    const { state, channel } = fakeChannel();
    const relay = catalogRelay(db, { channel: () => channel });
    record(db, 5);
    await relay.flush();
    await eventually(() => pendingRows(db) === 0, 5_000, "the rows published and marked");
    const newest =
      db
        .select({ seq: max(outbox.seq) })
        .from(outbox)
        .get()?.seq ?? 0;
    // Everything published before now + 1 s counts as long ago.
    expect(relay.prune(-1_000)).toBe(4);
    expect(db.select({ seq: outbox.seq }).from(outbox).all()).toEqual([{ seq: newest }]);
    // Had the newest row gone too, this one would take seq 1 again, behind the relay's cursor.
    record(db, 1, 5);
    relay.wake();
    await eventually(() => state.published.length === 6, 2_000, "the row recorded after the prune published");
    expect(
      db
        .select({ seq: max(outbox.seq) })
        .from(outbox)
        .get()?.seq,
    ).toBe(newest + 1);
  });

  it("publishes nothing before the commits are on disk (durable() resolved)", async () => {
    const db = await createTestDb(messagingTables);
    const { state, channel } = fakeChannel();
    let makeDurable = () => {};
    const relay = catalogRelay(db, {
      durable: () =>
        new Promise<void>((resolve) => {
          makeDurable = resolve;
        }),
      channel: () => channel,
    });
    record(db, 5);
    await relay.flush();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(state.published).toEqual([]);
    makeDurable();
    await eventually(() => pendingRows(db) === 0, 5_000, "the rows published once durable");
    expect(state.published).toHaveLength(5);
  });

  it("publishes a commit after a quiet spell at once, and what a busy writer commits in batches", async () => {
    const db = await createTestDb(messagingTables);
    const { state, channel } = fakeChannel();
    // One durable() per batch: it counts the batches.
    let batches = 0;
    const relay = catalogRelay(db, {
      channel: () => channel,
      batchEveryMs: 50,
      durable: () => {
        batches++;
        return Promise.resolve();
      },
    });
    record(db, 1);
    relay.wake();
    await eventually(() => state.published.length === 1, 40, "the first row published at once");
    // A writer committing every 2 ms for 200 ms, waking the relay after each commit as the runtime does.
    const writing = Date.now();
    for (let i = 1; i <= 100; i++) {
      record(db, 1, i);
      relay.wake();
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    // On a loaded machine the 2 ms timers take longer, and the writer's 200 ms with them (700 ms
    // in CI at a load average of 29): the batches are counted against the time it really wrote.
    const wroteMs = Date.now() - writing;
    await eventually(() => state.published.length === 101, 2_000, "every row published");
    // One batch per commit without the wait; with it one per 50 ms of commits (about 5), give or take the timers.
    expect(batches).toBeLessThanOrEqual(Math.ceil(wroteMs / 50) + 5);
    expect(new Set(state.published).size).toBe(101);
  });

  /**
   * A relay with 5 rows to publish, and the system's writer (its own connection to the file, on this
   * thread) holding the write lock. The relay's busy timeout is shorter than the systems' 5 s: a
   * mark that waits for the lock fails after `busyTimeoutMs`, so the test ends quickly.
   */
  async function relayBesideALockingWriter(busyTimeoutMs: number) {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "scs-test-")), "test.sqlite");
    const db = await createTestDb(messagingTables, file);
    (db as unknown as { $client: Database.Database }).$client.pragma(`busy_timeout = ${busyTimeoutMs}`);
    const writer = (await createTestDb(messagingTables, file)) as unknown as { $client: Database.Database };
    const { channel } = fakeChannel();
    const relay = catalogRelay(db, { channel: () => channel });
    record(db, 5);
    writer.$client.exec("BEGIN IMMEDIATE");
    return { db, relay, writer };
  }

  it("marks rows published without waiting while another connection holds the write lock, and once it is free", async () => {
    const { db, relay, writer } = await relayBesideALockingWriter(1000);
    const started = Date.now();
    try {
      await relay.flush();
      await eventually(() => relay.published === 5, 3_000, "the rows confirmed");
      // Waiting for the lock (as before) blocked the relay's thread for the whole busy timeout.
      expect(Date.now() - started).toBeLessThan(500);
      expect(pendingRows(db)).toBe(5);
    } finally {
      writer.$client.exec("COMMIT");
    }
    await eventually(() => pendingRows(db) === 0, 5_000, "the rows marked once the lock is free");
  }, 15_000);

  it("waits for the write lock to mark rows once they have waited a second for it", async () => {
    const { db, relay, writer } = await relayBesideALockingWriter(800);
    // The longest the event loop stood still: a mark that waits for the lock blocks the thread.
    let longestStall = 0;
    let last = Date.now();
    const ticker = setInterval(() => {
      longestStall = Math.max(longestStall, Date.now() - last);
      last = Date.now();
    }, 10);
    try {
      await relay.flush();
      await eventually(() => relay.published === 5, 3_000, "the rows confirmed");
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(longestStall).toBeGreaterThanOrEqual(700);
    } finally {
      clearInterval(ticker);
      writer.$client.exec("COMMIT");
    }
    await eventually(() => pendingRows(db) === 0, 5_000, "the rows marked once the lock is free");
  }, 15_000);

  it("stops after what the outbox held when the stop began, however fast rows keep coming", async () => {
    const db = await createTestDb(messagingTables);
    const { state, channel } = fakeChannel();
    const relay = catalogRelay(db, {
      channel: () => channel,
    });
    // More than one pipeful (maxInFlight 1,000): the stop waits for confirms to send the rest.
    record(db, 2_500);
    const held = db
      .select({ id: outbox.eventId })
      .from(outbox)
      .all()
      .map((r) => r.id);
    // Other instances of the system keep writing to the shared outbox throughout.
    let n = 10_000;
    const writer = setInterval(() => {
      n += 5;
      record(db, 5, n);
    }, 1);
    const started = Date.now();
    try {
      await relay.finish();
    } finally {
      clearInterval(writer);
    }
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(new Set(state.published)).toEqual(new Set(held));
    const marked = db.select({ id: outbox.eventId }).from(outbox).where(isNotNull(outbox.publishedAt)).all();
    expect(marked).toHaveLength(held.length);
    expect(pendingRows(db)).toBeGreaterThan(0);
  });

  it("asks for a fresh connection when every publish has failed for 3 s (a nack storm), not before", async () => {
    const db = await createTestDb(messagingTables);
    const { state, channel } = fakeChannel();
    state.nackNext = Number.POSITIVE_INFINITY;
    let recycled = 0;
    const relay = catalogRelay(db, {
      channel: () => channel,
      onFailingPublishes: () => {
        recycled++;
        state.nackNext = 0;
      },
    });
    record(db, 3);
    const started = Date.now();
    await eventually(
      async () => {
        await relay.flush();
        return recycled > 0;
      },
      8_000,
      "the relay to ask for a fresh connection",
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_900);
    expect(recycled).toBe(1);
    await eventually(
      async () => {
        await relay.flush();
        return pendingRows(db) === 0;
      },
      5_000,
      "the rows published on the fresh connection",
    );
  }, 20_000);
});
