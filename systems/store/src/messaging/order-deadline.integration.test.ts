/**
 * store's pending deadline against a real RabbitMQ (started by `npm test`), with the real
 * least-privilege users: store (real database, subscriptions and deadline clock) places an order
 * that a stand-in catalog receives and does not answer; at the deadline store rejects it and
 * publishes `store.order.rejected`; catalog's late `catalog.stock.reserved` then changes nothing.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { deadLetterOf, inboxQueueOf } from "@scs/contracts/topology";
import type { Db } from "@scs/messaging/db";
import { recordEvent, transact } from "@scs/messaging/outbox";
import { createMessaging } from "@scs/messaging/runtime";
import * as messagingTables from "@scs/messaging/tables";
import type { Messaging } from "@scs/messaging/types";
import { createTestDb, eventually, testBroker } from "@scs/testing";
import { eq } from "drizzle-orm";
import { sqliteTable, text } from "drizzle-orm/sqlite-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type StoreDb } from "@/db/database";
import { findOrder } from "@/db/queries/orders";
import { inbox } from "@/db/schema";
import { DEADLINE_REASON, placeOrder } from "@/domain/orders";
import { putCustomer, putOffer, recorded } from "@/testing/fixtures";
import { type OrderDeadline, startOrderDeadline } from "./order-deadline";
import { subscriptions } from "./subscriptions";

/** What the stand-in catalog received from store. */
const received = sqliteTable("received", {
  eventId: text("event_id").primaryKey(),
  orderId: text("order_id").notNull(),
  type: text("type").notNull(),
  reason: text("reason"),
});

const TIMEOUT_MS = 1_500;
const broker = testBroker();
let storeDb: StoreDb;
let catalogDb: Db;
let store: Messaging;
let catalog: Messaging;
let deadline: OrderDeadline;
let customerId: string;

beforeAll(async () => {
  storeDb = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "store-deadline-")), "store.sqlite"));
  customerId = putCustomer(storeDb);
  putOffer(storeDb, { source: "catalog", itemId: "mug", title: "Stoneware Mug", priceCents: 1800, stock: 5 });
  catalogDb = await createTestDb({ ...messagingTables, received });
  const keep =
    (type: string) => (event: { id: string; data: { orderId: string; reason?: string } }, tx: Db) => {
      tx.insert(received)
        .values({ eventId: event.id, orderId: event.data.orderId, type, reason: event.data.reason ?? null })
        .run();
    };
  store = createMessaging({
    system: "store",
    amqpUrl: broker.store,
    db: storeDb,
    subscriptions,
    log: () => {},
  });
  catalog = createMessaging({
    system: "catalog",
    amqpUrl: broker.catalog,
    db: catalogDb,
    log: () => {},
    subscriptions: {
      "store.order.placed": (event, tx) => keep("placed")(event, tx),
      "store.order.rejected": (event, tx) => keep("rejected")(event, tx),
    },
  });
  deadline = startOrderDeadline({ db: storeDb, timeoutMs: TIMEOUT_MS, everyMs: 100, log: () => {} });
  await eventually(
    () =>
      store.status().broker === "up" &&
      catalog.status().broker === "up" &&
      store.status().consumer === "consuming" &&
      catalog.status().consumer === "consuming" &&
      // Only the two exchanges of this test: music.events exists only if another test declared it.
      !store.status().pendingBindings.some((b) => b.startsWith("catalog.events")) &&
      !catalog.status().pendingBindings.some((b) => b.startsWith("store.events")),
    20_000,
    "both systems consuming with all bindings in place",
  );
}, 30_000);

afterAll(async () => {
  deadline?.stop();
  await Promise.all([catalog?.stop(), store?.stop()]);
  // Leave the broker as we found it for the next test file (management API: no extra dependency).
  const management = process.env.TEST_BROKER_MANAGEMENT_URL;
  const auth = Buffer.from(`${process.env.TEST_BROKER_ADMIN_USER}:${process.env.TEST_BROKER_ADMIN_PASSWORD}`);
  for (const system of ["catalog", "store"] as const) {
    for (const queue of [inboxQueueOf(system), deadLetterOf(system)]) {
      const response = await fetch(`${management}/api/queues/scs/${encodeURIComponent(queue)}`, {
        method: "DELETE",
        headers: { authorization: `Basic ${auth.toString("base64")}` },
      });
      if (!response.ok && response.status !== 404) throw new Error(`deleting ${queue}: ${response.status}`);
    }
  }
});

const receivedFor = (orderId: string) =>
  catalogDb.select().from(received).where(eq(received.orderId, orderId)).all();

describe("the pending deadline over RabbitMQ", () => {
  it("rejects an order catalog does not answer, tells catalog, and ignores catalog's late answer", async () => {
    const placed = placeOrder(storeDb, customerId, {
      lines: [{ source: "catalog", itemId: "mug", quantity: 2 }],
    });
    if (!placed.ok) throw new Error(JSON.stringify(placed.issues));
    const orderId = placed.order.id;
    store.wake();
    await eventually(() => receivedFor(orderId).length === 1, 10_000, "catalog receives the order");
    expect(findOrder(storeDb, orderId)?.status).toBe("pending");

    // catalog says nothing: at the deadline store rejects the order and catalog hears of it.
    await eventually(() => findOrder(storeDb, orderId)?.status === "rejected", 10_000, "the deadline");
    const order = findOrder(storeDb, orderId);
    expect(order?.reason).toBe(DEADLINE_REASON);
    expect((order?.updatedAt ?? 0) - (order?.placedAt ?? 0)).toBeGreaterThanOrEqual(TIMEOUT_MS);
    await eventually(() => receivedFor(orderId).length === 2, 10_000, "catalog receives the rejection");
    expect(receivedFor(orderId).map((r) => [r.type, r.reason])).toEqual([
      ["placed", null],
      ["rejected", DEADLINE_REASON],
    ]);

    // catalog answers late after all: store applies the answer (inbox) and the order stays rejected.
    const lateId = transact(catalogDb, (tx) =>
      recordEvent(tx, "catalog.stock.reserved", orderId, { orderId }),
    );
    catalog.wake();
    await eventually(
      () => storeDb.select().from(inbox).where(eq(inbox.eventId, lateId)).get(),
      10_000,
      "store applies catalog's late answer",
    );
    expect(findOrder(storeDb, orderId)).toMatchObject({ status: "rejected", reason: DEADLINE_REASON });
    expect(recorded(storeDb).map((e) => e.type)).toEqual(["store.order.placed", "store.order.rejected"]);
    expect(store.status().deadLettered).toBe(0);
  });
});
