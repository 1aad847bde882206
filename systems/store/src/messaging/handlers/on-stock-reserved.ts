/** catalog.stock.reserved → the pending order is confirmed and `store.order.confirmed` recorded. */

import { logger } from "@scs/messaging/log";
import type { Handler } from "@scs/messaging/types";
import { confirmOrder } from "@/domain/orders";

export const onStockReserved: Handler<"catalog.stock.reserved"> = (event, tx) => {
  const outcome = confirmOrder(tx, event.data.orderId);
  // catalog answers every order, also those store already confirmed itself (music only): no-op.
  if (outcome === "unknown-order")
    logger("store", "orders")(`stock reserved for unknown order ${event.data.orderId}`, "warn");
};
