/**
 * Inbox retention against a real RabbitMQ (started by `npm test`): a saga event (no version to
 * protect it, only its id) delivered again after a prune inside the retention is still ignored;
 * past the retention its id is pruned. music is the replica here (store's confirmed orders), so
 * that this file shares no queue with messaging.integration.test.ts, which runs beside it.
 */
import { deadLetterOf, exchangeOf, inboxQueueOf } from "@scs/contracts/topology";
import { createTestDb, eventually, testBroker } from "@scs/testing";
import amqp from "amqplib";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "./db";
import { INBOX_RETENTION_MS, pruneInbox } from "./inbox";
import { recordEvent, transact } from "./outbox";
import { createMessaging } from "./runtime";
import * as messagingTables from "./tables";
import { inbox, outbox } from "./tables";
import type { Messaging } from "./types";

const broker = testBroker();
let musicDb: Db;
let music: Messaging;
/** How many times each event's effect ran: a confirmed order's grant must run once. */
const effects = new Map<string, number>();

beforeAll(async () => {
  // store's exchange, as store's runtime declares it (this file runs no store runtime).
  const connection = await amqp.connect(broker.store);
  const channel = await connection.createChannel();
  await channel.assertExchange(exchangeOf("store"), "topic", { durable: true });
  await connection.close();

  musicDb = await createTestDb(messagingTables);
  music = createMessaging({
    system: "music",
    amqpUrl: broker.music,
    db: musicDb,
    log: () => {},
    subscriptions: {
      "store.order.confirmed": (event) => {
        effects.set(event.id, (effects.get(event.id) ?? 0) + 1);
      },
    },
  });
  await eventually(
    () => music.status().consumer === "consuming" && music.status().pendingBindings.length === 0,
    20_000,
    "music consuming, bound to store.events",
  );
}, 30_000);

afterAll(async () => {
  await music?.stop();
  const connection = await amqp.connect(broker.admin);
  const channel = await connection.createChannel();
  await channel.deleteQueue(inboxQueueOf("music"));
  await channel.deleteQueue(deadLetterOf("music"));
  await connection.close();
});

/** Publishes the same bytes again, as store's relay does after a publish it saw no confirm for. */
async function publishAsStore(body: string) {
  const connection = await amqp.connect(broker.store);
  try {
    const channel = await connection.createConfirmChannel();
    await new Promise<void>((resolve, reject) => {
      channel.once("error", reject);
      channel.publish(
        exchangeOf("store"),
        "store.order.confirmed",
        Buffer.from(body),
        { persistent: true, userId: "store", contentType: "application/cloudevents+json" },
        (error) => (error ? reject(error) : resolve()),
      );
    });
  } finally {
    await connection.close().catch(() => {});
  }
}

describe("inbox retention with redeliveries", () => {
  it("ignores a copy inside the retention after a prune, and prunes the id past it", async () => {
    const storeDb = await createTestDb(messagingTables);
    const eventId = transact(storeDb, (tx) =>
      recordEvent(tx, "store.order.confirmed", "order-1", {
        orderId: "order-1",
        customerId: "customer-1",
        lines: [{ source: "music", itemId: "album-1", quantity: 1, unitPriceCents: 999 }],
      }),
    );
    const body = storeDb.select().from(outbox).where(eq(outbox.eventId, eventId)).get()?.body;
    if (!body) throw new Error("no outbox row");

    await publishAsStore(body);
    await eventually(() => effects.get(eventId) === 1, 10_000, "the order applied");
    const appliedAt = musicDb.select().from(inbox).where(eq(inbox.eventId, eventId)).get()?.appliedAt;
    if (appliedAt === undefined) throw new Error("no inbox row");

    // A minute short of the retention: the id stays, and a late copy changes nothing.
    expect(await pruneInbox(musicDb, { now: appliedAt + INBOX_RETENTION_MS - 60_000 })).toBe(0);
    const duplicatesBefore = music.status().duplicates;
    await publishAsStore(body);
    await eventually(() => music.status().duplicates === duplicatesBefore + 1, 10_000, "the copy ignored");
    expect(effects.get(eventId)).toBe(1);

    // Past the retention the id goes.
    expect(await pruneInbox(musicDb, { now: appliedAt + INBOX_RETENTION_MS + 1 })).toBe(1);
    expect(musicDb.select().from(inbox).where(eq(inbox.eventId, eventId)).get()).toBeUndefined();
  });
});
