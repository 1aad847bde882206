/** The one place that maps the event types catalog consumes to their handlers. */
import type { Subscriptions } from "@scs/messaging/runtime";
import { onResyncRequested } from "./handlers/on-resync-requested";

export const subscriptions: Subscriptions = {
  "store.resync.requested": onResyncRequested,
};
