/**
 * store rejected an order. If catalog had reserved stock for it, the stock goes back on the shelf
 * (once); if catalog never saw the order, a late `store.order.placed` for it will not reserve.
 */
import type { Handler } from "@scs/messaging/types";
import { releaseOrder } from "@/domain/reservations";

export const onOrderRejected: Handler<"store.order.rejected"> = (event, tx) => {
  releaseOrder(tx, event.data);
};
