/** The one place that says which events music consumes and who applies them. */
import type { Subscriptions } from "@scs/messaging/types";
import { onCustomerUpserted } from "./handlers/on-customer-upserted";
import { onOrderConfirmed } from "./handlers/on-order-confirmed";
import { onResyncRequested } from "./handlers/on-resync-requested";

export const subscriptions: Subscriptions = {
  "store.customer.upserted": onCustomerUpserted,
  "store.order.confirmed": onOrderConfirmed,
  "store.resync.requested": onResyncRequested,
};
