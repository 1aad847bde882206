/**
 * catalog's side of the order saga against a real RabbitMQ (started by `npm test`), with the real
 * least-privilege users: store places orders through its outbox; catalog's consumer reserves
 * stock and answers through catalog's outbox; store receives the answers and the new stock.
 */

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { deadLetterOf, inboxQueueOf } from "@scs/contracts/topology";
import type { Db } from "@scs/messaging/db";
import { recordEvent, transact } from "@scs/messaging/outbox";
import { createMessaging } from "@scs/messaging/runtime";
import * as messagingTables from "@scs/messaging/tables";
import { outbox as outboxOf } from "@scs/messaging/tables";
import type { Messaging } from "@scs/messaging/types";
import { createTestDb, eventually, testBroker } from "@scs/testing";
import { eq, isNull } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CatalogDb, openDatabase } from "@/db/client";
import { findProduct } from "@/db/queries/products";
import { findReservation } from "@/db/queries/stock";
import { createProduct } from "@/domain/products";
import { subscriptions } from "./subscriptions";

/** What the stand-in store keeps: catalog's answers per order, and its copy of the stock. */
const answers = sqliteTable("answers", {
  eventId: text("event_id").primaryKey(),
  orderId: text("order_id").notNull(),
  type: text("type").notNull(),
  reason: text("reason"),
});
const stock = sqliteTable("stock", {
  id: text("id").primaryKey(),
  stock: integer("stock").notNull(),
  version: integer("version").notNull(),
});

const broker = testBroker();
let catalogDb: CatalogDb;
let storeDb: Db;
let catalog: Messaging;
let store: Messaging;
let mug: string;

const startCatalog = () =>
  createMessaging({
    system: "catalog",
    amqpUrl: broker.catalog,
    db: catalogDb,
    subscriptions,
    log: () => {},
  });

beforeAll(async () => {
  catalogDb = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "catalog-saga-")), "catalog.sqlite"));
  storeDb = await createTestDb({ ...messagingTables, answers, stock });
  mug = createProduct(catalogDb, {
    sku: "SAGA-MUG",
    title: "Saga Mug",
    priceCents: 1800,
    category: "home-kitchen",
    stock: 3,
  }).id;
  const answer =
    (type: string) => (event: { id: string; data: { orderId: string; reason?: string } }, tx: Db) => {
      tx.insert(answers)
        .values({ eventId: event.id, orderId: event.data.orderId, type, reason: event.data.reason ?? null })
        .run();
    };
  catalog = startCatalog();
  store = createMessaging({
    system: "store",
    amqpUrl: broker.store,
    db: storeDb,
    log: () => {},
    subscriptions: {
      "catalog.stock.reserved": (event, tx) => answer("reserved")(event, tx),
      "catalog.stock.rejected": (event, tx) => answer("rejected")(event, tx),
      "catalog.product.upserted": (event, tx) => {
        const version = event.aggregateversion ?? 0;
        const current = tx.select().from(stock).where(eq(stock.id, event.data.id)).get();
        if (current && current.version >= version) return;
        tx.insert(stock)
          .values({ id: event.data.id, stock: event.data.stock, version })
          .onConflictDoUpdate({ target: stock.id, set: { stock: event.data.stock, version } })
          .run();
      },
    },
  });
  await eventually(
    () =>
      catalog.status().broker === "up" &&
      store.status().broker === "up" &&
      catalog.status().consumer === "consuming" &&
      store.status().consumer === "consuming" &&
      catalog.status().pendingBindings.length === 0 &&
      store.status().pendingBindings.length === 0,
    20_000,
    "both systems consuming with all bindings in place",
  );
}, 30_000);

afterAll(async () => {
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

/** store gave up waiting for catalog (its pending deadline) and rejected the order. */
function rejectOrder(orderId: string) {
  transact(storeDb, (tx) =>
    recordEvent(tx, "store.order.rejected", orderId, { orderId, reason: "catalog did not answer in time" }),
  );
  store.wake();
}

function placeOrder(orderId: string, quantity: number) {
  transact(storeDb, (tx) =>
    recordEvent(tx, "store.order.placed", orderId, {
      orderId,
      customerId: "customer-1",
      lines: [
        { source: "catalog", itemId: mug, quantity, unitPriceCents: 1800 },
        { source: "music", itemId: "album-1", quantity: 1, unitPriceCents: 999 },
      ],
    }),
  );
  store.wake();
}

const answersFor = (orderId: string) =>
  storeDb.select().from(answers).where(eq(answers.orderId, orderId)).all();
const storeStock = () => storeDb.select().from(stock).where(eq(stock.id, mug)).get();

describe("order saga, catalog's side, over RabbitMQ", () => {
  it("reserves stock for an order and tells store, with the new stock", async () => {
    placeOrder("order-1", 2);
    await eventually(() => answersFor("order-1").length === 1, 10_000, "catalog's answer");
    expect(answersFor("order-1")[0]).toMatchObject({ type: "reserved" });
    expect(findProduct(catalogDb, mug)?.stock).toBe(1);
    await eventually(() => storeStock()?.stock === 1, 10_000, "store's copy of the new stock");
  });

  it("answers a re-published order again, the same way, without reserving twice", async () => {
    placeOrder("order-1", 2);
    await eventually(() => answersFor("order-1").length === 2, 10_000, "the second answer");
    expect(answersFor("order-1").map((a) => a.type)).toEqual(["reserved", "reserved"]);
    expect(findProduct(catalogDb, mug)?.stock).toBe(1);
  });

  it("rejects an order for more than the stock, with the reason, and changes nothing", async () => {
    placeOrder("order-2", 5);
    await eventually(() => answersFor("order-2").length === 1, 10_000, "catalog's answer");
    expect(answersFor("order-2")[0]).toMatchObject({ type: "rejected", reason: "Only 1 left of “Saga Mug”" });
    expect(findReservation(catalogDb, "order-2")?.outcome).toBe("rejected");
    expect(findProduct(catalogDb, mug)?.stock).toBe(1);
    expect(catalog.status().deadLettered).toBe(0);
  });

  it("reserves an order it reads after store's deadline, then releases it on store's rejection", async () => {
    // catalog is down while store places the order and, at its deadline, rejects it.
    await catalog.stop();
    const stockBefore = findProduct(catalogDb, mug)?.stock;
    placeOrder("order-3", 1);
    rejectOrder("order-3");
    await eventually(
      () => storeDb.select().from(outboxOf).where(isNull(outboxOf.publishedAt)).all().length === 0,
      10_000,
      "store published the order and its rejection",
    );
    catalog = startCatalog();
    // Back, catalog reads the order first (and reserves), then the rejection (and releases).
    await eventually(() => answersFor("order-3").length === 1, 20_000, "catalog's late answer");
    expect(answersFor("order-3")[0]).toMatchObject({ type: "reserved" });
    await eventually(() => findReservation(catalogDb, "order-3")?.releasedAt, 10_000, "the release");
    expect(findProduct(catalogDb, mug)?.stock).toBe(stockBefore);
    await eventually(() => storeStock()?.stock === stockBefore, 10_000, "store's copy of the stock put back");
  });

  it("refuses an order it reads after store's rejection of it, and reserves nothing", async () => {
    const stockBefore = findProduct(catalogDb, mug)?.stock;
    rejectOrder("order-4");
    placeOrder("order-4", 1);
    await eventually(() => answersFor("order-4").length === 1, 10_000, "catalog's answer");
    expect(answersFor("order-4")[0]).toMatchObject({
      type: "rejected",
      reason: "The order was rejected: catalog did not answer in time",
    });
    expect(findProduct(catalogDb, mug)?.stock).toBe(stockBefore);
    expect(catalog.status().deadLettered).toBe(0);
  });
});
