/**
 * Orders: a saga across store and catalog (ARCHITECTURE "Order saga").
 *
 * Placing an order takes every price from store's copy at that moment and writes the order, its
 * lines and `store.order.placed` in ONE transaction (outbox). An order with catalog lines waits
 * (`pending`) for catalog's answer: `catalog.stock.reserved` confirms it, `catalog.stock.rejected`
 * rejects it with catalog's reason; either way store records `store.order.confirmed` /
 * `store.order.rejected`, and only from `pending`, so redelivered answers change nothing. An order
 * with only music lines has no stock to reserve: it is confirmed in the same transaction.
 *
 * An order does not wait for catalog for ever: when its pending deadline (`ORDER_PENDING_TIMEOUT_S`
 * after it was placed) passes without an answer, store rejects it itself ("catalog did not answer
 * in time") and records `store.order.rejected`, on which catalog releases any stock it reserves
 * late. A late answer then finds the order settled and changes nothing (decision record 0012).
 */
import { randomUUID } from "node:crypto";
import { recordEvent, transact } from "@scs/messaging/outbox";
import type { ApiIssue } from "@scs/web/api";
import { z } from "zod";
import type { StoreDb, StoreTx as Tx } from "@/db/client";
import { cartRows, clearCart, findCustomerCart } from "@/db/queries/carts";
import { findOffer } from "@/db/queries/offers";
import {
  findOrder,
  insertOrder,
  linesOfOrder,
  overduePendingOrderIds,
  settlePendingOrder,
} from "@/db/queries/orders";
import { type Order, type OrderLine, type OrderStatus, offerSources } from "@/db/schema";
import {
  addItemsToCustomerCart,
  isOrderable,
  itemIdSchema,
  lineOf,
  MAX_CART_LINES,
  MAX_QUANTITY,
} from "./cart";
import { categoryLabel } from "./offers";

/** `POST /api/orders` body: what to buy; prices always come from store's copy. */
export const newOrderSchema = z.object({
  lines: z
    .array(
      z.object({
        source: z.enum(offerSources, { error: "source must be catalog or music" }),
        itemId: itemIdSchema,
        quantity: z
          .number({ error: "quantity must be a number from 1 to 99" })
          .int("quantity must be a whole number")
          .min(1, "quantity must be at least 1")
          .max(MAX_QUANTITY, `quantity must be at most ${MAX_QUANTITY}`),
      }),
      { error: "lines must be a list of {source, itemId, quantity}" },
    )
    .min(1, "An order needs at least one line")
    .max(MAX_CART_LINES, `An order has at most ${MAX_CART_LINES} lines`)
    .refine(
      (lines) => new Set(lines.map((l) => `${l.source}:${l.itemId}`)).size === lines.length,
      "List each item once",
    ),
});
export type NewOrder = z.infer<typeof newOrderSchema>;
type Wanted = NewOrder["lines"][number];

export type PlaceResult = { ok: true; order: Order } | { ok: false; issues: ApiIssue[] };

/**
 * Places an order inside the caller's transaction. Every line must be an item store offers and
 * that is available; otherwise nothing is written and the issues say which line is wrong.
 */
export function placeOrderInTx(tx: Tx, customerId: string, wanted: Wanted[]): PlaceResult {
  const issues: ApiIssue[] = [];
  const now = Date.now();
  const orderId = randomUUID();
  const lines: OrderLine[] = [];
  wanted.forEach((line, position) => {
    const offer = findOffer(tx, line.source, line.itemId);
    const path = `lines.${position}.itemId`;
    if (!offer || offer.removed) {
      issues.push({ path, message: `The store does not offer ${line.source} item ${line.itemId}` });
    } else if (!offer.available) {
      issues.push({ path, message: `“${offer.title}” is out of stock` });
    } else {
      lines.push({
        orderId,
        position,
        source: line.source,
        itemId: line.itemId,
        title: offer.title,
        subtitle: (offer.source === "music" ? offer.artist : categoryLabel(offer.category)) ?? null,
        image: offer.image,
        quantity: line.quantity,
        unitPriceCents: offer.priceCents,
      });
    }
  });
  if (issues.length > 0) return { ok: false, issues };

  const needsStock = lines.some((l) => l.source === "catalog");
  const order: Order = {
    id: orderId,
    customerId,
    status: needsStock ? "pending" : "confirmed",
    reason: null,
    totalCents: lines.reduce((sum, l) => sum + l.unitPriceCents * l.quantity, 0),
    currency: "EUR",
    placedAt: now,
    updatedAt: now,
  };
  insertOrder(tx, order, lines);
  const data = { orderId, customerId, lines: lines.map(eventLine) };
  recordEvent(tx, "store.order.placed", orderId, data);
  // Nothing for catalog to reserve: confirmed at once, music grants the albums right away.
  if (!needsStock) recordEvent(tx, "store.order.confirmed", orderId, data);
  return { ok: true, order };
}

const eventLine = (l: OrderLine) => ({
  source: l.source,
  itemId: l.itemId,
  quantity: l.quantity,
  unitPriceCents: l.unitPriceCents,
});

/** Places an order for the given lines (JSON API). */
export function placeOrder(db: StoreDb, customerId: string, input: NewOrder): PlaceResult {
  // A refused order writes nothing: the lines are checked before anything is inserted.
  return transact(db, (tx) => placeOrderInTx(tx, customerId, input.lines));
}

export type CheckoutResult =
  | { ok: true; order: Order }
  | { ok: false; reason: "empty" | "unavailable" | "changed"; message: string };

/**
 * Checkout: orders everything in the customer's cart at the prices of this moment and empties
 * the cart, all in one transaction. `expectedTotalCents` is the total the customer saw; if prices
 * moved since, nothing is placed and the customer reviews the new total first.
 */
export function checkoutCart(db: StoreDb, customerId: string, expectedTotalCents?: number): CheckoutResult {
  return transact(db, (tx): CheckoutResult => {
    const cart = findCustomerCart(tx, customerId);
    const rows = cart ? cartRows(tx, cart.id) : [];
    if (!cart || rows.length === 0) {
      return { ok: false, reason: "empty", message: "Your cart is empty." };
    }
    const lines = rows.map(lineOf);
    if (!lines.every(isOrderable)) {
      return {
        ok: false,
        reason: "unavailable",
        message: "Some items in your cart are no longer available. Remove them to continue.",
      };
    }
    const total = lines.reduce((sum, l) => sum + l.lineTotalCents, 0);
    if (expectedTotalCents !== undefined && total !== expectedTotalCents) {
      return {
        ok: false,
        reason: "changed",
        message: "Prices changed while you were checking out. Please review the new total.",
      };
    }
    const placed = placeOrderInTx(
      tx,
      customerId,
      rows.map((r) => ({ source: r.source, itemId: r.itemId, quantity: r.quantity })),
    );
    if (!placed.ok) {
      return { ok: false, reason: "unavailable", message: placed.issues[0]?.message ?? "Not available" };
    }
    clearCart(tx, cart.id);
    return { ok: true, order: placed.order };
  });
}

export type SagaOutcome = "settled" | "already-settled" | "unknown-order";

/** catalog reserved the stock: a pending order is confirmed and `store.order.confirmed` recorded. */
export function confirmOrder(tx: Tx, orderId: string): SagaOutcome {
  const order = findOrder(tx, orderId);
  if (!order) return "unknown-order";
  if (!settlePendingOrder(tx, orderId, { status: "confirmed", reason: null, at: Date.now() })) {
    return "already-settled";
  }
  recordEvent(tx, "store.order.confirmed", orderId, {
    orderId,
    customerId: order.customerId,
    lines: linesOfOrder(tx, orderId).map(eventLine),
  });
  return "settled";
}

/** catalog could not reserve the stock: a pending order is rejected with catalog's reason. */
export function rejectOrder(tx: Tx, orderId: string, reason: string): SagaOutcome {
  if (!findOrder(tx, orderId)) return "unknown-order";
  if (!settlePendingOrder(tx, orderId, { status: "rejected", reason, at: Date.now() })) {
    return "already-settled";
  }
  recordEvent(tx, "store.order.rejected", orderId, { orderId, reason });
  return "settled";
}

/** The reason of an order store rejected because catalog had not answered by its deadline. */
export const DEADLINE_REASON = "catalog did not answer in time";

/** When a pending order placed at `placedAt` is rejected if catalog has not answered (epoch ms). */
export const pendingDeadline = (placedAt: number, timeoutMs: number) => placedAt + timeoutMs;

/** How many overdue orders one transaction rejects at most: short transactions, responsive pages. */
export const DEADLINE_BATCH = 100;

/**
 * The pending deadline: rejects, in ONE short transaction, up to `limit` orders still pending
 * whose deadline (placement + `timeoutMs`) is `now` or earlier, each with DEADLINE_REASON and its
 * `store.order.rejected` in the outbox. Only from pending, through the same `rejectOrder` as
 * catalog's answers: an order catalog answered first keeps that answer. `more` says that the batch
 * was full, so the caller should run again (after letting other work in).
 */
export function rejectOverdueOrders(
  db: StoreDb,
  {
    timeoutMs,
    now = Date.now(),
    limit = DEADLINE_BATCH,
  }: { timeoutMs: number; now?: number; limit?: number },
): { rejected: string[]; more: boolean } {
  return transact(db, (tx) => {
    const overdue = overduePendingOrderIds(tx, now - timeoutMs, limit);
    const rejected = overdue.filter((id) => rejectOrder(tx, id, DEADLINE_REASON) === "settled");
    return { rejected, more: overdue.length === limit };
  });
}

/**
 * "Order again": the lines of one of the customer's orders go back into their cart (what is
 * still on sale), so that the customer can check out again, e.g. after catalog did not answer in
 * time. Null when the order is not theirs.
 */
export function orderAgain(
  db: StoreDb,
  customerId: string,
  orderId: string,
): { added: number; leftOut: string[] } | null {
  const order = findOwnOrder(db, customerId, orderId);
  if (!order) return null;
  const lines = linesOfOrder(db, order.id).map((l) => ({
    source: l.source,
    itemId: l.itemId,
    quantity: l.quantity,
    title: l.title,
  }));
  return addItemsToCustomerCart(db, customerId, lines);
}

/** The order as the JSON API and the order page's live status show it. */
export interface OrderView {
  id: string;
  status: OrderStatus;
  reason?: string;
  totalCents: number;
  currency: string;
  placedAt: string;
  updatedAt: string;
  lines: {
    source: OrderLine["source"];
    itemId: string;
    title: string;
    quantity: number;
    unitPriceCents: number;
  }[];
}

export function orderView(order: Order, lines: OrderLine[]): OrderView {
  return {
    id: order.id,
    status: order.status,
    ...(order.reason ? { reason: order.reason } : {}),
    totalCents: order.totalCents,
    currency: order.currency,
    placedAt: new Date(order.placedAt).toISOString(),
    updatedAt: new Date(order.updatedAt).toISOString(),
    lines: lines.map((l) => ({
      source: l.source,
      itemId: l.itemId,
      title: l.title,
      quantity: l.quantity,
      unitPriceCents: l.unitPriceCents,
    })),
  };
}

/** A short reference customers can quote: the first 8 characters of the id, upper-cased. */
export const orderReference = (id: string) => id.replace(/-/g, "").slice(0, 8).toUpperCase();

/** The customer's own order, or null (another customer's order is "not found" to them). */
export function findOwnOrder(db: StoreDb, customerId: string, id: string): Order | null {
  const order = findOrder(db, id);
  return order && order.customerId === customerId ? order : null;
}
