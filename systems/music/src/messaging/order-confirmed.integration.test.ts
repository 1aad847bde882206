/**
 * `store.order.confirmed` → music's library, against a real RabbitMQ (started by `npm test`): store
 * publishes through its outbox with its own broker user, music applies through its inbox with its
 * real subscriptions. A redelivered event and a re-published confirmation grant nothing twice.
 */

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Db } from "@scs/messaging/db";
import { recordEvent, transact } from "@scs/messaging/outbox";
import type { ResyncRunner } from "@scs/messaging/resync-jobs";
import { createMessaging } from "@scs/messaging/runtime";
import * as messagingTables from "@scs/messaging/tables";
import { outbox } from "@scs/messaging/tables";
import type { Messaging } from "@scs/messaging/types";
import { createTestDb, eventually, testBroker } from "@scs/testing";
import amqp from "amqplib";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MusicDb, openDatabase } from "@/db/client";
import { listGrants } from "@/db/queries/library";
import { customers, inbox } from "@/db/schema";
import { createAlbum } from "@/domain/albums";
import { sampleAlbum } from "@/testing/fixtures";
import { startRepublishing } from "./republish";
import { subscriptions } from "./subscriptions";

const broker = testBroker();
let musicDb: MusicDb;
let storeDb: Db;
let music: Messaging;
let store: Messaging;
let republishing: ResyncRunner;

beforeAll(async () => {
  // A file: the relay's thread opens the database again (decision 0024).
  musicDb = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "music-confirmed-")), "music.sqlite"));
  storeDb = await createTestDb(messagingTables);
  music = createMessaging({
    system: "music",
    amqpUrl: broker.music,
    db: musicDb,
    subscriptions,
    log: () => {},
  });
  // music answers resync requests in pages, outside the consumer, as its start.ts does.
  republishing = startRepublishing(musicDb, { log: () => {} });
  store = createMessaging({
    system: "store",
    amqpUrl: broker.store,
    db: storeDb,
    subscriptions: {},
    log: () => {},
  });
  await eventually(
    () =>
      store.status().broker === "up" &&
      music.status().consumer === "consuming" &&
      music.status().pendingBindings.length === 0,
    20_000,
    "store and music connected, music bound to store.events",
  );
}, 30_000);

afterAll(async () => {
  await Promise.all([music?.stop(), store?.stop(), republishing?.stop()]);
  // Leave the broker as we found it: no queues holding this file's events.
  const connection = await amqp.connect(broker.admin);
  const channel = await connection.createChannel();
  for (const queue of ["music.inbox", "music.dead-letters", "store.inbox", "store.dead-letters"]) {
    await channel.deleteQueue(queue);
  }
  await connection.close();
});

/** store confirms an order, as its saga does: through its outbox. */
function confirm(orderId: string, customerId: string, albumIds: string[]) {
  transact(storeDb, (tx) =>
    recordEvent(tx, "store.order.confirmed", orderId, {
      orderId,
      customerId,
      lines: [
        ...albumIds.map((itemId) => ({ source: "music" as const, itemId, quantity: 1, unitPriceCents: 999 })),
        { source: "catalog" as const, itemId: "p-mug", quantity: 2, unitPriceCents: 1_450 },
      ],
    }),
  );
  store.wake();
}

const applied = (eventId: string) => musicDb.select().from(inbox).where(eq(inbox.eventId, eventId)).get();

describe("store.order.confirmed → My library", () => {
  it("grants the order's albums to the customer", async () => {
    const album = createAlbum(musicDb, sampleAlbum);
    confirm("order-1", "customer-1", [album.id]);
    await eventually(() => listGrants(musicDb, "customer-1").length === 1, 10_000, "the grant");
    expect(listGrants(musicDb, "customer-1")).toEqual([
      expect.objectContaining({ albumId: album.id, orderId: "order-1" }),
    ]);
  });

  it("grants nothing twice: not for a redelivered event, nor for a re-published confirmation", async () => {
    const album = createAlbum(musicDb, { ...sampleAlbum, title: "Twice" });
    confirm("order-2", "customer-2", [album.id]);
    await eventually(() => listGrants(musicDb, "customer-2").length === 1, 10_000, "the first grant");

    // The same event again, as a relay sends it after a lost publisher confirm.
    const row = storeDb.select().from(outbox).orderBy(asc(outbox.seq)).all().at(-1);
    if (!row) throw new Error("no outbox row");
    const connection = await amqp.connect(broker.store);
    const channel = await connection.createConfirmChannel();
    channel.publish("store.events", row.type, Buffer.from(row.body), {
      persistent: true,
      userId: "store",
      messageId: row.eventId,
      contentType: "application/cloudevents+json",
    });
    await channel.waitForConfirms();
    await connection.close();
    // And the same order confirmed again under a new event id (a store resending its decision).
    confirm("order-2", "customer-2", [album.id]);
    const last = storeDb.select().from(outbox).orderBy(asc(outbox.seq)).all().at(-1);
    await eventually(() => last && applied(last.eventId), 10_000, "the re-published confirmation applied");

    expect(music.status().duplicates).toBeGreaterThanOrEqual(1);
    expect(listGrants(musicDb, "customer-2")).toEqual([
      expect.objectContaining({ albumId: album.id, orderId: "order-2" }),
    ]);
  });

  it("applies an order for an album music does not know without dead-lettering it", async () => {
    confirm("order-3", "customer-3", ["no-such-album"]);
    const last = storeDb.select().from(outbox).orderBy(asc(outbox.seq)).all().at(-1);
    await eventually(() => last && applied(last.eventId), 10_000, "the confirmation applied");
    expect(listGrants(musicDb, "customer-3")).toEqual([]);
    expect(music.status().deadLettered).toBe(0);
  });
});

describe("music's other subscriptions, over the same broker", () => {
  it("keeps the newest copy of a customer (store.customer.upserted), whatever the order of arrival", async () => {
    for (const [name, version] of [
      ["Ada", 1],
      ["Ada Lovelace", 3],
      ["Ada L.", 2],
    ] as const) {
      transact(storeDb, (tx) =>
        recordEvent(
          tx,
          "store.customer.upserted",
          "customer-9",
          { id: "customer-9", email: "ada@example.com", name },
          { aggregateVersion: version },
        ),
      );
    }
    store.wake();
    const last = storeDb.select().from(outbox).orderBy(asc(outbox.seq)).all().at(-1);
    await eventually(() => last && applied(last.eventId), 10_000, "the three customer events applied");
    expect(musicDb.select().from(customers).where(eq(customers.id, "customer-9")).get()).toMatchObject({
      name: "Ada Lovelace",
      version: 3,
    });
  });

  it("answers store.resync.requested by re-announcing its albums", async () => {
    const album = createAlbum(musicDb, { ...sampleAlbum, title: "Resync me" });
    const before = musicDb.select().from(outbox).all().length;
    transact(storeDb, (tx) => recordEvent(tx, "store.resync.requested", "resync-1", { from: ["music"] }));
    store.wake();
    await eventually(
      () =>
        musicDb
          .select()
          .from(outbox)
          .all()
          .slice(before)
          .some((row) => row.type === "music.album.upserted" && row.body.includes(album.id)),
      10_000,
      "the album re-announced",
    );
  });
});
