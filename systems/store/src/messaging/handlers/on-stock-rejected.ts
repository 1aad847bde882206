/** catalog.stock.rejected → the pending order is rejected with catalog's reason, `store.order.rejected` recorded. */

import { logger } from "@scs/messaging/log";
import type { Handler } from "@scs/messaging/types";
import { rejectOrder } from "@/domain/orders";

export const onStockRejected: Handler<"catalog.stock.rejected"> = (event, tx) => {
  const outcome = rejectOrder(tx, event.data.orderId, event.data.reason);
  if (outcome === "unknown-order")
    logger("store", "orders")(`stock rejected for unknown order ${event.data.orderId}`, "warn");
};
