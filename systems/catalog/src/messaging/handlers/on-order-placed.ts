/**
 * store placed an order: reserve the stock of its catalog lines, all or nothing, and answer
 * `catalog.stock.reserved` or `catalog.stock.rejected` (src/domain/reservations.ts). Runs in the
 * consumer's transaction, so the reservation, the stock movements, the product events, the answer
 * and the inbox record commit together. Out of stock is an answer, never an exception.
 */
import type { Handler } from "@scs/messaging/types";
import { reserveOrder } from "@/domain/reservations";

export const onOrderPlaced: Handler<"store.order.placed"> = (event, tx) => {
  reserveOrder(tx, event.data);
};
