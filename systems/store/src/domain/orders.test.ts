import { randomUUID } from "node:crypto";
import type { CloudEvent } from "@scs/contracts/envelope";
import type { EventData, EventType } from "@scs/contracts/events";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { StoreDb } from "@/db/database";
import { findCustomerCart } from "@/db/queries/carts";
import { findOrder, linesOfOrder } from "@/db/queries/orders";
import { orderLines, orders } from "@/db/schema";
import { subscriptions } from "@/messaging/subscriptions";
import { freshDb, putCustomer, putOffer, recorded } from "@/testing/fixtures";
import { addToCart, cartCount } from "./cart";
import {
  checkoutCart,
  DEADLINE_REASON,
  newOrderSchema,
  orderView,
  pendingDeadline,
  placeOrder,
  rejectOverdueOrders,
} from "./orders";

let db: StoreDb;
let customerId: string;
beforeEach(() => {
  db = freshDb();
  customerId = putCustomer(db);
  putOffer(db, { source: "catalog", itemId: "mug", title: "Stoneware Mug", priceCents: 1800, stock: 5 });
  putOffer(db, { source: "catalog", itemId: "pan", title: "Cast Iron Pan", stock: 0, available: false });
  putOffer(db, {
    source: "music",
    itemId: "night-drive",
    title: "Night Drive",
    artist: "The Modulators",
    priceCents: 999,
  });
});

function place(lines: { source: "catalog" | "music"; itemId: string; quantity: number }[]) {
  const result = placeOrder(db, customerId, { lines });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.order;
}

/** Delivers an event the way the runtime does: its handler inside one transaction. */
function deliver<T extends EventType>(type: T, data: EventData<T>) {
  const event = {
    specversion: "1.0",
    id: randomUUID(),
    source: "/catalog",
    type,
    subject: (data as { orderId: string }).orderId,
    time: new Date().toISOString(),
    data,
  } as CloudEvent<T>;
  const handler = subscriptions[type] as ((e: CloudEvent<T>, tx: unknown) => void) | undefined;
  if (!handler) throw new Error(`store does not subscribe to ${type}`);
  db.transaction((tx) => handler(event, tx));
}

describe("placing an order", () => {
  it("takes prices from store's copy and records order, lines and store.order.placed together", () => {
    const order = place([
      { source: "catalog", itemId: "mug", quantity: 2 },
      { source: "music", itemId: "night-drive", quantity: 1 },
    ]);
    expect(order).toMatchObject({ status: "pending", totalCents: 2 * 1800 + 999, customerId });
    expect(linesOfOrder(db, order.id).map((l) => [l.itemId, l.quantity, l.unitPriceCents, l.title])).toEqual([
      ["mug", 2, 1800, "Stoneware Mug"],
      ["night-drive", 1, 999, "Night Drive"],
    ]);
    expect(recorded(db)).toEqual([
      expect.objectContaining({
        type: "store.order.placed",
        subject: order.id,
        data: {
          orderId: order.id,
          customerId,
          lines: [
            { source: "catalog", itemId: "mug", quantity: 2, unitPriceCents: 1800 },
            { source: "music", itemId: "night-drive", quantity: 1, unitPriceCents: 999 },
          ],
        },
      }),
    ]);
  });

  it("confirms an order with only albums at once, publishing placed and confirmed", () => {
    const order = place([{ source: "music", itemId: "night-drive", quantity: 1 }]);
    expect(order.status).toBe("confirmed");
    expect(recorded(db).map((e) => e.type)).toEqual(["store.order.placed", "store.order.confirmed"]);
    expect(recorded(db)[1]?.data).toMatchObject({ orderId: order.id, customerId });
  });

  it("refuses unknown and unavailable items, says which line, and writes nothing", () => {
    const result = placeOrder(db, customerId, {
      lines: [
        { source: "catalog", itemId: "mug", quantity: 1 },
        { source: "catalog", itemId: "ghost", quantity: 1 },
        { source: "catalog", itemId: "pan", quantity: 1 },
      ],
    });
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: "lines.1.itemId", message: "The store does not offer catalog item ghost" },
        { path: "lines.2.itemId", message: "“Cast Iron Pan” is out of stock" },
      ],
    });
    expect(db.select().from(orders).all()).toEqual([]);
    expect(db.select().from(orderLines).all()).toEqual([]);
    expect(recorded(db)).toEqual([]);
  });

  it("accepts a quantity above the copied stock: catalog has the last word", () => {
    expect(place([{ source: "catalog", itemId: "mug", quantity: 9 }]).status).toBe("pending");
  });

  it("validates the JSON body: 1–99 per line, each item once, at least one line", () => {
    const ok = { lines: [{ source: "catalog", itemId: "mug", quantity: 1 }] };
    expect(newOrderSchema.safeParse(ok).success).toBe(true);
    for (const bad of [
      {},
      { lines: [] },
      { lines: [{ source: "catalog", itemId: "mug", quantity: 0 }] },
      { lines: [{ source: "catalog", itemId: "mug", quantity: 100 }] },
      { lines: [{ source: "catalog", itemId: "mug", quantity: "2" }] },
      { lines: [{ source: "shop", itemId: "mug", quantity: 1 }] },
      { lines: [{ source: "catalog", itemId: "", quantity: 1 }] },
      { lines: [ok.lines[0], ok.lines[0]] },
    ]) {
      expect(newOrderSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe("checking out the cart", () => {
  const shopper = () => ({ customerId, visitorCartId: null });

  it("orders the cart at current prices and empties it in the same transaction", () => {
    addToCart(db, shopper(), { source: "catalog", itemId: "mug", quantity: 2 });
    addToCart(db, shopper(), { source: "music", itemId: "night-drive", quantity: 1 });
    const result = checkoutCart(db, customerId, 2 * 1800 + 999);
    expect(result).toMatchObject({ ok: true, order: { status: "pending", totalCents: 4599 } });
    expect(cartCount(db, shopper())).toBe(0);
    expect(findCustomerCart(db, customerId)).toBeDefined();
    expect(recorded(db).map((e) => e.type)).toEqual(["store.order.placed"]);
  });

  it("places nothing when the prices moved since the customer saw the total", () => {
    addToCart(db, shopper(), { source: "catalog", itemId: "mug", quantity: 2 });
    putOffer(db, { source: "catalog", itemId: "mug", priceCents: 1900, stock: 5, version: 2 });
    expect(checkoutCart(db, customerId, 3600)).toMatchObject({ ok: false, reason: "changed" });
    expect(cartCount(db, shopper())).toBe(2);
    expect(checkoutCart(db, customerId, 3800)).toMatchObject({ ok: true });
  });

  it("refuses an empty cart and a cart with an item that sold out meanwhile", () => {
    expect(checkoutCart(db, customerId)).toMatchObject({ ok: false, reason: "empty" });
    addToCart(db, shopper(), { source: "catalog", itemId: "mug", quantity: 1 });
    putOffer(db, { source: "catalog", itemId: "mug", stock: 0, available: false, version: 2 });
    expect(checkoutCart(db, customerId)).toMatchObject({ ok: false, reason: "unavailable" });
    expect(db.select().from(orders).all()).toEqual([]);
  });

  it("places a second submit of the same checkout nowhere: the cart is already empty", () => {
    addToCart(db, shopper(), { source: "catalog", itemId: "mug", quantity: 1 });
    expect(checkoutCart(db, customerId, 1800)).toMatchObject({ ok: true });
    expect(checkoutCart(db, customerId, 1800)).toMatchObject({ ok: false, reason: "empty" });
    expect(db.select().from(orders).all()).toHaveLength(1);
  });
});

describe("the saga: catalog's answers", () => {
  it("catalog.stock.reserved confirms a pending order and records store.order.confirmed once", () => {
    const order = place([
      { source: "catalog", itemId: "mug", quantity: 2 },
      { source: "music", itemId: "night-drive", quantity: 1 },
    ]);
    deliver("catalog.stock.reserved", { orderId: order.id });
    deliver("catalog.stock.reserved", { orderId: order.id });
    expect(findOrder(db, order.id)?.status).toBe("confirmed");
    const confirmed = recorded(db).filter((e) => e.type === "store.order.confirmed");
    expect(confirmed).toHaveLength(1);
    expect(confirmed[0]?.data).toEqual({
      orderId: order.id,
      customerId,
      lines: [
        { source: "catalog", itemId: "mug", quantity: 2, unitPriceCents: 1800 },
        { source: "music", itemId: "night-drive", quantity: 1, unitPriceCents: 999 },
      ],
    });
  });

  it("catalog.stock.rejected rejects a pending order with catalog's reason, once", () => {
    const order = place([{ source: "catalog", itemId: "mug", quantity: 9 }]);
    deliver("catalog.stock.rejected", { orderId: order.id, reason: "Only 5 left of “Stoneware Mug”" });
    deliver("catalog.stock.rejected", { orderId: order.id, reason: "Only 4 left of “Stoneware Mug”" });
    expect(findOrder(db, order.id)).toMatchObject({
      status: "rejected",
      reason: "Only 5 left of “Stoneware Mug”",
    });
    expect(recorded(db).filter((e) => e.type === "store.order.rejected")).toEqual([
      expect.objectContaining({ data: { orderId: order.id, reason: "Only 5 left of “Stoneware Mug”" } }),
    ]);
    const settled = findOrder(db, order.id);
    if (!settled) throw new Error("order vanished");
    expect(orderView(settled, linesOfOrder(db, order.id))).toMatchObject({
      status: "rejected",
      reason: "Only 5 left of “Stoneware Mug”",
    });
  });

  it("a late answer never changes a settled order (rejected stays rejected, confirmed stays confirmed)", () => {
    const a = place([{ source: "catalog", itemId: "mug", quantity: 1 }]);
    deliver("catalog.stock.rejected", { orderId: a.id, reason: "Sold out" });
    deliver("catalog.stock.reserved", { orderId: a.id });
    expect(findOrder(db, a.id)?.status).toBe("rejected");

    const b = place([{ source: "music", itemId: "night-drive", quantity: 1 }]);
    deliver("catalog.stock.reserved", { orderId: b.id });
    deliver("catalog.stock.rejected", { orderId: b.id, reason: "No catalog lines" });
    expect(findOrder(db, b.id)?.status).toBe("confirmed");
    expect(recorded(db).filter((e) => e.type === "store.order.confirmed")).toHaveLength(1);
  });

  it("ignores answers for orders it does not know (no retry loop, nothing recorded)", () => {
    deliver("catalog.stock.reserved", { orderId: "unknown" });
    deliver("catalog.stock.rejected", { orderId: "unknown", reason: "x" });
    expect(recorded(db)).toEqual([]);
  });
});

describe("the pending deadline: catalog does not answer in time", () => {
  const timeoutMs = 600_000;
  const statusOf = (id: string) => findOrder(db, id)?.status;
  const rejections = () => recorded(db).filter((e) => e.type === "store.order.rejected");

  it("rejects an order still pending at its deadline, with the reason and store.order.rejected, not a moment before", () => {
    const order = place([
      { source: "catalog", itemId: "mug", quantity: 2 },
      { source: "music", itemId: "night-drive", quantity: 1 },
    ]);
    const deadline = pendingDeadline(order.placedAt, timeoutMs);
    expect(deadline).toBe(order.placedAt + timeoutMs);

    expect(rejectOverdueOrders(db, { timeoutMs, now: deadline - 1 })).toEqual({ rejected: [], more: false });
    expect(statusOf(order.id)).toBe("pending");
    expect(rejections()).toEqual([]);

    expect(rejectOverdueOrders(db, { timeoutMs, now: deadline })).toEqual({
      rejected: [order.id],
      more: false,
    });
    expect(findOrder(db, order.id)).toMatchObject({ status: "rejected", reason: DEADLINE_REASON });
    expect(DEADLINE_REASON).toBe("catalog did not answer in time");
    expect(rejections()).toEqual([
      expect.objectContaining({ subject: order.id, data: { orderId: order.id, reason: DEADLINE_REASON } }),
    ]);
    // What GET /api/orders/{id} and the order page show.
    const settled = findOrder(db, order.id);
    if (!settled) throw new Error("order vanished");
    expect(orderView(settled, linesOfOrder(db, order.id))).toMatchObject({
      status: "rejected",
      reason: DEADLINE_REASON,
    });

    // A second sweep finds nothing more to do and records nothing twice.
    expect(rejectOverdueOrders(db, { timeoutMs, now: deadline + 60_000 }).rejected).toEqual([]);
    expect(rejections()).toHaveLength(1);
  });

  it("a late answer from catalog changes nothing: the order stays rejected, nothing confirmed", () => {
    const order = place([{ source: "catalog", itemId: "mug", quantity: 1 }]);
    rejectOverdueOrders(db, { timeoutMs, now: pendingDeadline(order.placedAt, timeoutMs) });
    deliver("catalog.stock.reserved", { orderId: order.id });
    deliver("catalog.stock.rejected", { orderId: order.id, reason: "The order was rejected" });
    expect(findOrder(db, order.id)).toMatchObject({ status: "rejected", reason: DEADLINE_REASON });
    expect(recorded(db).map((e) => e.type)).toEqual(["store.order.placed", "store.order.rejected"]);
  });

  it("leaves answered orders alone: confirmed, rejected by catalog, albums only", () => {
    const reserved = place([{ source: "catalog", itemId: "mug", quantity: 1 }]);
    deliver("catalog.stock.reserved", { orderId: reserved.id });
    const short = place([{ source: "catalog", itemId: "mug", quantity: 9 }]);
    deliver("catalog.stock.rejected", { orderId: short.id, reason: "Only 5 left of “Stoneware Mug”" });
    const albums = place([{ source: "music", itemId: "night-drive", quantity: 1 }]);
    const before = recorded(db).length;

    expect(rejectOverdueOrders(db, { timeoutMs, now: Date.now() + 10 * timeoutMs }).rejected).toEqual([]);
    expect([statusOf(reserved.id), statusOf(short.id), statusOf(albums.id)]).toEqual([
      "confirmed",
      "rejected",
      "confirmed",
    ]);
    expect(findOrder(db, short.id)?.reason).toBe("Only 5 left of “Stoneware Mug”");
    expect(recorded(db)).toHaveLength(before);
  });

  it("rejects only the orders whose own deadline passed, oldest first, in short batches", () => {
    const base = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) {
      const order = place([{ source: "catalog", itemId: "mug", quantity: 1 }]);
      // Spread the placements one second apart (as if placed over 25 s).
      db.update(orders)
        .set({ placedAt: base + i * 1000 })
        .where(eq(orders.id, order.id))
        .run();
      ids.push(order.id);
    }
    // At base + timeout + 11.5 s, the first 12 are overdue: two batches of 10, then 2.
    const now = base + timeoutMs + 11_500;
    expect(rejectOverdueOrders(db, { timeoutMs, now, limit: 10 })).toEqual({
      rejected: ids.slice(0, 10),
      more: true,
    });
    expect(rejectOverdueOrders(db, { timeoutMs, now, limit: 10 })).toEqual({
      rejected: ids.slice(10, 12),
      more: false,
    });
    expect(ids.map(statusOf)).toEqual([...Array(12).fill("rejected"), ...Array(13).fill("pending")]);
    expect(rejections().map((e) => e.subject)).toEqual(ids.slice(0, 12));
  });

  it("rolls back a batch as a whole: an order and its event are rejected together or not at all", () => {
    const order = place([{ source: "catalog", itemId: "mug", quantity: 1 }]);
    db.$client.exec(
      "CREATE TRIGGER refuse_outbox BEFORE INSERT ON outbox WHEN NEW.type = 'store.order.rejected' BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    expect(() =>
      rejectOverdueOrders(db, { timeoutMs, now: pendingDeadline(order.placedAt, timeoutMs) }),
    ).toThrow(/disk full/);
    expect(statusOf(order.id)).toBe("pending");
    db.$client.exec("DROP TRIGGER refuse_outbox");
    expect(
      rejectOverdueOrders(db, { timeoutMs, now: pendingDeadline(order.placedAt, timeoutMs) }).rejected,
    ).toEqual([order.id]);
  });
});
