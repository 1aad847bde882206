/** Stock movement kinds in words: what the history shows and what the events' readers see. */
import type { StockMovementKind } from "@/db/schema";

const reasons: Record<Exclude<StockMovementKind, "order" | "release">, string> = {
  initial: "initial stock",
  received: "received delivery",
  returned: "returned by customer",
  damaged: "damaged or lost",
  count: "stock count",
  import: "CSV import",
};

/** The reason written into the history; orders carry their id ("order 0190…"). */
export function stockReasonOf(kind: StockMovementKind, orderId?: string): string {
  if (kind === "order") return `order ${orderId ?? "?"}`;
  if (kind === "release") return `order ${orderId ?? "?"} cancelled`;
  return reasons[kind];
}
