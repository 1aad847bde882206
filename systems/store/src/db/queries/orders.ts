/** Reading and writing orders and their lines. Writes take the caller's transaction. */
import { and, asc, desc, eq, inArray, lt, lte } from "drizzle-orm";
import type { Conn, StoreTx as Tx } from "../client";
import { type Order, type OrderLine, type OrderStatus, orderLines, orders } from "../schema";

export function insertOrder(tx: Tx, order: Order, lines: OrderLine[]): void {
  tx.insert(orders).values(order).run();
  tx.insert(orderLines).values(lines).run();
}

export function findOrder(db: Conn, id: string): Order | undefined {
  return db.select().from(orders).where(eq(orders.id, id)).get();
}

export function linesOfOrder(db: Conn, orderId: string): OrderLine[] {
  return db
    .select()
    .from(orderLines)
    .where(eq(orderLines.orderId, orderId))
    .orderBy(asc(orderLines.position))
    .all();
}

/**
 * Moves an order from pending to its outcome. Returns false when it is not pending (already
 * confirmed or rejected): the saga's answers apply once, whatever is redelivered later.
 */
export function settlePendingOrder(
  tx: Tx,
  id: string,
  outcome: { status: Exclude<OrderStatus, "pending">; reason: string | null; at: number },
): boolean {
  const result = tx
    .update(orders)
    .set({ status: outcome.status, reason: outcome.reason, updatedAt: outcome.at })
    .where(and(eq(orders.id, id), eq(orders.status, "pending")))
    .run();
  return result.changes > 0;
}

/**
 * The orders still pending that were placed at or before `placedBy`, oldest first, at most `limit`
 * (the pending deadline's sweep; read through the partial index `orders_pending_by_placed`).
 */
export function overduePendingOrderIds(db: Conn, placedBy: number, limit: number): string[] {
  return db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.status, "pending"), lte(orders.placedAt, placedBy)))
    .orderBy(asc(orders.placedAt))
    .limit(limit)
    .all()
    .map((row) => row.id);
}

/** A customer's orders, newest first, optionally before a placement time (for paging). */
export function listCustomerOrders(
  db: Conn,
  customerId: string,
  { limit = 50, before }: { limit?: number; before?: number } = {},
): Order[] {
  const where =
    before === undefined
      ? eq(orders.customerId, customerId)
      : and(eq(orders.customerId, customerId), lt(orders.placedAt, before));
  return db
    .select()
    .from(orders)
    .where(where)
    .orderBy(desc(orders.placedAt), desc(orders.id))
    .limit(limit)
    .all();
}

/** The lines of several orders at once, grouped by order id. */
export function linesOfOrders(db: Conn, orderIds: string[]): Map<string, OrderLine[]> {
  const map = new Map<string, OrderLine[]>(orderIds.map((id) => [id, []]));
  if (orderIds.length === 0) return map;
  const rows = db
    .select()
    .from(orderLines)
    .where(inArray(orderLines.orderId, orderIds))
    .orderBy(asc(orderLines.orderId), asc(orderLines.position))
    .all();
  for (const line of rows) map.get(line.orderId)?.push(line);
  return map;
}
