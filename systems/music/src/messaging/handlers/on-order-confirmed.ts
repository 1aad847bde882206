import { logger } from "@scs/messaging/log";
import type { Handler } from "@scs/messaging/types";
import { grantOrder } from "@/domain/library";

/**
 * store confirmed an order: its albums join the customer's library. Idempotent per customer and
 * album (a replayed or re-published confirmation grants nothing twice); an album music does not
 * know is skipped with a log line rather than retried, since retrying cannot make it appear.
 */
export const onOrderConfirmed: Handler<"store.order.confirmed"> = (event, tx) => {
  const { unknown } = grantOrder(tx, event.data);
  if (unknown.length > 0) {
    logger("music", "library")(
      `order ${event.data.orderId}: no album ${unknown.join(", ")} to grant (lines skipped)`,
      "warn",
    );
  }
};
