/** Reading and writing stock movements and order reservations. Callers own transactions. */
import { desc, eq, sql } from "drizzle-orm";
import {
  type OrderReservationRow,
  orderReservations,
  type StockMovementRow,
  stockMovements,
} from "../schema";
import type { Conn } from "./products";

export type NewStockMovement = typeof stockMovements.$inferInsert;

export function insertStockMovement(conn: Conn, movement: NewStockMovement): StockMovementRow {
  return conn.insert(stockMovements).values(movement).returning().get();
}

/** A product's stock history, newest first, a page at a time. */
export function listStockMovements(
  conn: Conn,
  productId: string,
  { limit, offset = 0 }: { limit: number; offset?: number },
): { rows: StockMovementRow[]; total: number } {
  const rows = conn
    .select()
    .from(stockMovements)
    .where(eq(stockMovements.productId, productId))
    .orderBy(desc(stockMovements.id))
    .limit(limit)
    .offset(offset)
    .all();
  const total =
    conn
      .select({ n: sql<number>`count(*)` })
      .from(stockMovements)
      .where(eq(stockMovements.productId, productId))
      .get()?.n ?? 0;
  return { rows, total };
}

export function findReservation(conn: Conn, orderId: string): OrderReservationRow | undefined {
  return conn.select().from(orderReservations).where(eq(orderReservations.orderId, orderId)).get();
}

export function insertReservation(conn: Conn, row: typeof orderReservations.$inferInsert): void {
  conn.insert(orderReservations).values(row).run();
}

export function markReservationReleased(conn: Conn, orderId: string, at: number): void {
  conn.update(orderReservations).set({ releasedAt: at }).where(eq(orderReservations.orderId, orderId)).run();
}
