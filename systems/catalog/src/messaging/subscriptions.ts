/** The one place that maps the event types catalog consumes to their handlers. */
import type { Subscriptions } from "@scs/messaging/types";
import { onCustomerUpserted } from "./handlers/on-customer-upserted";
import { onOrderPlaced } from "./handlers/on-order-placed";
import { onOrderRejected } from "./handlers/on-order-rejected";
import { onResyncRequested } from "./handlers/on-resync-requested";

export const subscriptions: Subscriptions = {
  "store.resync.requested": onResyncRequested,
  "store.order.placed": onOrderPlaced,
  "store.order.rejected": onOrderRejected,
  "store.customer.upserted": onCustomerUpserted,
};
