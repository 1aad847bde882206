/** catalog.product.removed → the product's offer becomes a tombstone, if newer than the one held. */
import type { Handler } from "@scs/messaging/types";
import { applyOfferRemoval } from "@/db/queries/offers";
import { versionOf } from "@/domain/offers";

export const onProductRemoved: Handler<"catalog.product.removed"> = (event, tx) => {
  applyOfferRemoval(tx, {
    source: "catalog",
    itemId: event.data.id,
    version: versionOf(event),
    changedAt: Date.parse(event.time),
    updatedAt: Date.now(),
  });
};
