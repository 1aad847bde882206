/**
 * catalog's side of the order saga, applied the way the consumer applies it (inbox record and
 * handler in one transaction): all-or-nothing reservation, the same answer for the same order
 * whatever the event id, and stock movements and product events for what was reserved.
 */

import { randomUUID } from "node:crypto";
import type { CloudEvent } from "@scs/contracts/envelope";
import { parseEvent } from "@scs/contracts/envelope";
import type { EventData } from "@scs/contracts/events";
import { Consumer } from "@scs/messaging/consumer";
import { asc } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { type CatalogDb, openDatabase } from "@/db/client";
import { findProduct } from "@/db/queries/products";
import { findReservation, listStockMovements } from "@/db/queries/stock";
import { outbox } from "@/db/schema";
import { createProduct, deleteProduct } from "@/domain/products";
import { adjustStock } from "@/domain/stock";
import { subscriptions } from "../subscriptions";

let db: CatalogDb;
let consumer: Consumer;
let mug: string;
let kettle: string;

beforeEach(() => {
  db = openDatabase(":memory:");
  consumer = new Consumer({
    system: "catalog",
    db,
    subscriptions,
    deliveryLimit: 5,
    userId: "catalog",
    durable: () => Promise.resolve(),
    log: () => {},
    afterCommit: () => {},
  });
  const base = { category: "home-kitchen", priceCents: 1800 };
  mug = createProduct(db, { ...base, sku: "MUG", title: "Stoneware Mug", stock: 5 }).id;
  kettle = createProduct(db, { ...base, sku: "KETTLE", title: "Enamel Kettle", stock: 2 }).id;
});

function placed(data: EventData<"store.order.placed">): CloudEvent<"store.order.placed"> {
  return {
    specversion: "1.0",
    id: randomUUID(),
    source: "/store",
    type: "store.order.placed",
    subject: data.orderId,
    time: new Date().toISOString(),
    data,
  };
}

function rejected(orderId: string, reason: string): CloudEvent<"store.order.rejected"> {
  return {
    specversion: "1.0",
    id: randomUUID(),
    source: "/store",
    type: "store.order.rejected",
    subject: orderId,
    time: new Date().toISOString(),
    data: { orderId, reason },
  };
}

const line = (itemId: string, quantity: number, source: "catalog" | "music" = "catalog") => ({
  source,
  itemId,
  quantity,
  unitPriceCents: 1800,
});

const order = (orderId: string, lines: ReturnType<typeof line>[]) =>
  placed({ orderId, customerId: "c-1", lines });

/** What catalog published after `seq`, parsed against the contracts. */
function publishedSince(seq: number) {
  return db
    .select()
    .from(outbox)
    .orderBy(asc(outbox.seq))
    .all()
    .filter((r) => r.seq > seq)
    .map((row) => {
      const parsed = parseEvent(JSON.parse(row.body));
      if (!parsed.ok) throw new Error(parsed.reason);
      return parsed.event;
    });
}
const lastSeq = () => db.select().from(outbox).all().at(-1)?.seq ?? 0;
const stockOf = (id: string) => findProduct(db, id, { includeRemoved: true })?.stock;

describe("store.order.placed", () => {
  it("reserves every catalog line, records movements and publishes the new stock and the answer", () => {
    const seq = lastSeq();
    expect(consumer.apply(order("o-1", [line(mug, 2), line(kettle, 2), line("album-1", 1, "music")]))).toBe(
      "applied",
    );
    expect([stockOf(mug), stockOf(kettle)]).toEqual([3, 0]);
    const events = publishedSince(seq);
    expect(events.map((e) => [e.type, e.subject, e.aggregateversion])).toEqual([
      ["catalog.product.upserted", mug, 2],
      ["catalog.product.upserted", kettle, 2],
      ["catalog.stock.reserved", "o-1", undefined],
    ]);
    expect(events[1]?.data).toMatchObject({ stock: 0 });
    expect(events[2]?.data).toEqual({ orderId: "o-1" });
    const [movement] = listStockMovements(db, mug, { limit: 1 }).rows;
    expect(movement).toMatchObject({
      kind: "order",
      reason: "order o-1",
      delta: -2,
      stockAfter: 3,
      orderId: "o-1",
    });
    expect(findReservation(db, "o-1")).toMatchObject({ outcome: "reserved", customerId: "c-1" });
  });

  it("adds up several lines of the same product", () => {
    consumer.apply(order("o-2", [line(mug, 3), line(mug, 3)]));
    expect(stockOf(mug)).toBe(5);
    expect(findReservation(db, "o-2")).toMatchObject({
      outcome: "rejected",
      reason: "Only 5 left of “Stoneware Mug”",
    });
  });

  it("reserves nothing at all when one line is short, and says which", () => {
    const seq = lastSeq();
    consumer.apply(order("o-3", [line(mug, 1), line(kettle, 3)]));
    expect([stockOf(mug), stockOf(kettle)]).toEqual([5, 2]);
    expect(listStockMovements(db, mug, { limit: 10 }).total).toBe(1);
    expect(publishedSince(seq).map((e) => [e.type, e.data])).toEqual([
      ["catalog.stock.rejected", { orderId: "o-3", reason: "Only 2 left of “Enamel Kettle”" }],
    ]);
  });

  it("rejects products that are out of stock, removed or unknown, naming each", () => {
    consumer.apply(order("o-0", [line(kettle, 2)]));
    deleteProduct(db, mug);
    const seq = lastSeq();
    consumer.apply(order("o-4", [line(mug, 1), line(kettle, 1), line("ghost-123", 1)]));
    expect(publishedSince(seq)).toMatchObject([
      {
        type: "catalog.stock.rejected",
        data: {
          orderId: "o-4",
          reason:
            "“Stoneware Mug” is no longer sold; “Enamel Kettle” is out of stock; An item in this order (ghost-123) is not in the catalog",
        },
      },
    ]);
  });

  it("answers an order without catalog lines at once: reserved, nothing touched", () => {
    const seq = lastSeq();
    consumer.apply(order("o-5", [line("album-1", 1, "music")]));
    expect(publishedSince(seq).map((e) => e.type)).toEqual(["catalog.stock.reserved"]);
  });

  it("is idempotent per order: a redelivery changes nothing, a re-published order gets the same answer", () => {
    const first = order("o-6", [line(mug, 4)]);
    consumer.apply(first);
    const seq = lastSeq();
    expect(consumer.apply(first)).toBe("duplicate");
    expect(publishedSince(seq)).toEqual([]);

    // The same order under a new event id (store re-published it): same answer, no second reservation.
    expect(consumer.apply(order("o-6", [line(mug, 4)]))).toBe("applied");
    expect(stockOf(mug)).toBe(1);
    expect(listStockMovements(db, mug, { limit: 10 }).total).toBe(2);
    expect(publishedSince(seq).map((e) => [e.type, e.data])).toEqual([
      ["catalog.stock.reserved", { orderId: "o-6" }],
    ]);
  });

  it("keeps a rejection as the answer even after stock arrives", () => {
    consumer.apply(order("o-7", [line(kettle, 5)]));
    adjustStock(db, kettle, { kind: "received", quantity: 10 }, { actor: "ada@example.com" });
    const seq = lastSeq();
    consumer.apply(order("o-7", [line(kettle, 5)]));
    expect(publishedSince(seq)).toMatchObject([
      { type: "catalog.stock.rejected", data: { reason: "Only 2 left of “Enamel Kettle”" } },
    ]);
    expect(stockOf(kettle)).toBe(12);
  });
});

describe("store.order.rejected", () => {
  it("puts reserved stock back once", () => {
    consumer.apply(order("o-8", [line(mug, 2), line(kettle, 1)]));
    const seq = lastSeq();
    consumer.apply(rejected("o-8", "Payment failed"));
    expect([stockOf(mug), stockOf(kettle)]).toEqual([5, 2]);
    expect(publishedSince(seq).map((e) => [e.type, e.aggregateversion])).toEqual([
      ["catalog.product.upserted", 3],
      ["catalog.product.upserted", 3],
    ]);
    expect(listStockMovements(db, mug, { limit: 1 }).rows[0]).toMatchObject({
      kind: "release",
      reason: "order o-8 cancelled",
      delta: 2,
      stockAfter: 5,
    });
    consumer.apply(rejected("o-8", "Payment failed"));
    expect(stockOf(mug)).toBe(5);
  });

  it("does nothing for an order catalog rejected itself", () => {
    consumer.apply(order("o-9", [line(kettle, 9)]));
    const seq = lastSeq();
    consumer.apply(rejected("o-9", "Only 2 left of “Enamel Kettle”"));
    expect(publishedSince(seq)).toEqual([]);
  });

  it("arriving before the order, keeps a late order from reserving", () => {
    consumer.apply(rejected("o-10", "Cancelled by the customer"));
    const seq = lastSeq();
    consumer.apply(order("o-10", [line(mug, 1)]));
    expect(stockOf(mug)).toBe(5);
    expect(publishedSince(seq)).toMatchObject([
      { type: "catalog.stock.rejected", data: { orderId: "o-10" } },
    ]);
  });
});
