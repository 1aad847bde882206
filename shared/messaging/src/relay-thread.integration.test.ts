/**
 * The relay in a thread of its own (decision 0024), against a real RabbitMQ (started by
 * `npm test`): while the process's main thread is kept busy writing, with no moment free for
 * anything else, the relay still publishes what it commits. On the main thread (the relay before
 * decision 0024) nothing went out until the writer let go of the thread.
 */
import { exchangeOf } from "@scs/contracts/topology";
import { createTestDb, eventually, testBroker } from "@scs/testing";
import amqp, { type Channel, type ChannelModel } from "amqplib";
import { and, count, isNotNull, lte } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "./db";
import { recordEvent, transact } from "./outbox";
import { createMessaging } from "./runtime";
import * as messagingTables from "./tables";
import { outbox } from "./tables";
import type { Messaging } from "./types";

const broker = testBroker();
let db: Db;
let catalog: Messaging;
let admin: ChannelModel;
let channel: Channel;
let queue: string;
let written = 0;

/** One edit's event in its own transaction, as catalog's write path records it. */
function write(): void {
  written++;
  transact(db, (tx) =>
    recordEvent(tx, "catalog.product.removed", `p${written}`, { id: `p${written}` }, { aggregateVersion: 1 }),
  );
  catalog.wake();
}

const publishedRows = (committedUpTo = Number.MAX_SAFE_INTEGER) =>
  db
    .select({ n: count() })
    .from(outbox)
    .where(and(isNotNull(outbox.publishedAt), lte(outbox.createdAt, committedUpTo)))
    .get()?.n ?? 0;

beforeAll(async () => {
  db = await createTestDb(messagingTables);
  catalog = createMessaging({
    system: "catalog",
    amqpUrl: broker.catalog,
    db,
    subscriptions: {},
    log: () => {},
  });
  // Up: the main thread's connection and the relay thread's (runtime.ts `broker`).
  await eventually(() => catalog.status().broker === "up", 30_000, "catalog connected");
  // A queue of the test's own receives catalog's events (a publish nobody receives stays pending).
  admin = await amqp.connect(broker.admin);
  channel = await admin.createChannel();
  queue = (await channel.assertQueue("", { exclusive: true })).queue;
  await channel.bindQueue(queue, exchangeOf("catalog"), "catalog.product.removed");
  write();
  await eventually(() => publishedRows() === 1, 30_000, "the first event published");
}, 60_000);

afterAll(async () => {
  await admin?.close();
  await catalog?.stop();
});

describe("the relay's own thread", () => {
  it("publishes while the main thread is kept busy writing for 3 s without a break", async () => {
    const busyMs = 3_000;
    const started = Date.now();
    // A writer that never yields: one edit a millisecond, spinning in between.
    while (Date.now() - started < busyMs) {
      write();
      const next = Date.now() + 1;
      while (Date.now() < next) {}
    }
    // Still inside the busy run: what did the relay's thread publish meanwhile?
    const writtenInFirstHalf = db
      .select({ n: count() })
      .from(outbox)
      .where(lte(outbox.createdAt, started + busyMs / 2))
      .get()?.n;
    const publishedOfFirstHalf = publishedRows(started + busyMs / 2);
    expect(writtenInFirstHalf).toBeGreaterThan(500);
    expect(publishedOfFirstHalf).toBe(writtenInFirstHalf);

    await eventually(() => publishedRows() === written, 30_000, "every event published");
    await eventually(
      async () => (await channel.checkQueue(queue)).messageCount === written,
      10_000,
      "every event in the queue",
    );
    // /ops and the metrics see what the relay's thread published.
    await eventually(
      () => catalog.status().outboxPending === 0 && catalog.status().published === written,
      5_000,
      "the status to count every event published",
    );
  }, 60_000);
});
