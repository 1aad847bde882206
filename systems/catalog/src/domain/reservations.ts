/**
 * catalog's side of the order saga. For each order store placed, catalog reserves the stock of
 * its catalog lines — all of them or none — and answers `catalog.stock.reserved` or
 * `catalog.stock.rejected`. The answer is kept per order id (`order_reservations`): whatever
 * delivers the same order again (a redelivery, or store re-publishing it under a new event id)
 * gets the same answer again and never reserves twice.
 */
import type { EventData } from "@scs/contracts/events";
import type { Tx } from "@scs/messaging/db";
import { recordEvent } from "@scs/messaging/outbox";
import { findProduct, findProductsByIds, updateProductRow } from "@/db/queries/products";
import {
  findReservation,
  insertReservation,
  insertStockMovement,
  markReservationReleased,
} from "@/db/queries/stock";
import type { OrderReservationRow, ProductRow } from "@/db/schema";
import { recordUpserted } from "./products";
import { stockReasonOf } from "./stock-reasons";

export type OrderPlaced = EventData<"store.order.placed">;
export type ReservationAnswer = { outcome: "reserved" } | { outcome: "rejected"; reason: string };

/** Who the stock history names for the saga's movements. */
export const ORDER_ACTOR = "store order";
/** Longest reason the contract accepts. */
const MAX_REASON = 500;

/** The order's catalog lines, one per product with the quantities added up. */
export function catalogDemand(order: Pick<OrderPlaced, "lines">): Map<string, number> {
  const demand = new Map<string, number>();
  for (const line of order.lines) {
    if (line.source !== "catalog") continue;
    demand.set(line.itemId, (demand.get(line.itemId) ?? 0) + line.quantity);
  }
  return demand;
}

/** Why a product can't be reserved for `quantity`, in words for the customer; null if it can. */
export function shortfall(
  itemId: string,
  quantity: number,
  live: ProductRow | undefined,
  removed: ProductRow | undefined,
): string | null {
  if (!live) {
    return removed
      ? `“${removed.title}” is no longer sold`
      : `An item in this order (${itemId}) is not in the catalog`;
  }
  if (live.stock >= quantity) return null;
  if (live.stock === 0) return `“${live.title}” is out of stock`;
  return `Only ${live.stock} left of “${live.title}”`;
}

function joinReasons(reasons: string[]): string {
  const text = reasons.join("; ");
  return text.length <= MAX_REASON ? text : `${text.slice(0, MAX_REASON - 1)}…`;
}

const answerOf = (row: OrderReservationRow): ReservationAnswer =>
  row.outcome === "reserved"
    ? { outcome: "reserved" }
    : { outcome: "rejected", reason: row.reason ?? "The order could not be reserved" };

function recordAnswer(tx: Tx, orderId: string, answer: ReservationAnswer) {
  if (answer.outcome === "reserved") recordEvent(tx, "catalog.stock.reserved", orderId, { orderId });
  else recordEvent(tx, "catalog.stock.rejected", orderId, { orderId, reason: answer.reason });
}

/**
 * Decides an order inside the caller's transaction (the consumer's: inbox record included) and
 * records the answer in the outbox. On reservation every product's stock goes down, with a
 * movement "order <id>" and a new `catalog.product.upserted`. An order already decided gets its
 * earlier answer again, unchanged.
 */
export function reserveOrder(tx: Tx, order: OrderPlaced, now = Date.now()): ReservationAnswer {
  const decided = findReservation(tx, order.orderId);
  if (decided) {
    const answer = answerOf(decided);
    recordAnswer(tx, order.orderId, answer);
    return answer;
  }
  const demand = catalogDemand(order);
  const live = findProductsByIds(tx, [...demand.keys()]);
  const reasons: string[] = [];
  for (const [itemId, quantity] of demand) {
    const product = live.get(itemId);
    const removed = product ? undefined : findProduct(tx, itemId, { includeRemoved: true });
    const reason = shortfall(itemId, quantity, product, removed);
    if (reason) reasons.push(reason);
  }
  const answer: ReservationAnswer =
    reasons.length > 0 ? { outcome: "rejected", reason: joinReasons(reasons) } : { outcome: "reserved" };

  if (answer.outcome === "reserved") {
    for (const [itemId, quantity] of demand) {
      const current = live.get(itemId);
      if (!current) continue; // unreachable: every product was checked above
      const next: ProductRow = {
        ...current,
        stock: current.stock - quantity,
        version: current.version + 1,
        updatedAt: now,
      };
      updateProductRow(tx, itemId, { stock: next.stock, version: next.version, updatedAt: now });
      insertStockMovement(tx, {
        productId: itemId,
        kind: "order",
        reason: stockReasonOf("order", order.orderId),
        delta: -quantity,
        stockAfter: next.stock,
        note: "",
        actor: ORDER_ACTOR,
        orderId: order.orderId,
        createdAt: now,
      });
      recordUpserted(tx, next);
    }
  }
  insertReservation(tx, {
    orderId: order.orderId,
    customerId: order.customerId,
    outcome: answer.outcome,
    reason: answer.outcome === "rejected" ? answer.reason : null,
    lines: JSON.stringify(
      answer.outcome === "reserved"
        ? [...demand].map(([productId, quantity]) => ({ productId, quantity }))
        : [],
    ),
    decidedAt: now,
  });
  recordAnswer(tx, order.orderId, answer);
  return answer;
}

/**
 * store rejected an order after all: if catalog had reserved its stock, the stock goes back on
 * the shelf (once). If catalog has not seen the order yet (messages reordered), the order is
 * recorded as rejected so that a late `store.order.placed` never reserves stock for it.
 */
export function releaseOrder(
  tx: Tx,
  rejected: EventData<"store.order.rejected">,
  now = Date.now(),
): "released" | "nothing-reserved" | "already-released" | "recorded" {
  const reservation = findReservation(tx, rejected.orderId);
  if (!reservation) {
    insertReservation(tx, {
      orderId: rejected.orderId,
      customerId: "",
      outcome: "rejected",
      reason: joinReasons([`The order was rejected: ${rejected.reason}`]),
      lines: "[]",
      decidedAt: now,
    });
    return "recorded";
  }
  if (reservation.outcome !== "reserved") return "nothing-reserved";
  if (reservation.releasedAt !== null) return "already-released";
  const lines = JSON.parse(reservation.lines) as { productId: string; quantity: number }[];
  for (const { productId, quantity } of lines) {
    // A product removed since has no shelf to go back to (and a tombstone must stay a tombstone).
    const current = findProduct(tx, productId);
    if (!current) continue;
    const next: ProductRow = {
      ...current,
      stock: current.stock + quantity,
      version: current.version + 1,
      updatedAt: now,
    };
    updateProductRow(tx, productId, { stock: next.stock, version: next.version, updatedAt: now });
    insertStockMovement(tx, {
      productId,
      kind: "release",
      reason: stockReasonOf("release", rejected.orderId),
      delta: quantity,
      stockAfter: next.stock,
      note: rejected.reason.slice(0, 500),
      actor: ORDER_ACTOR,
      orderId: rejected.orderId,
      createdAt: now,
    });
    recordUpserted(tx, next);
  }
  markReservationReleased(tx, rejected.orderId, now);
  return "released";
}
