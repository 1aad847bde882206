import type { StockMovementRow } from "@/db/schema";

/** A stock movement as the JSON API shows it. */
export const toMovementJson = (m: StockMovementRow) => ({
  id: m.id,
  productId: m.productId,
  kind: m.kind,
  reason: m.reason,
  delta: m.delta,
  stockAfter: m.stockAfter,
  note: m.note,
  actor: m.actor,
  orderId: m.orderId,
  at: new Date(m.createdAt).toISOString(),
});
