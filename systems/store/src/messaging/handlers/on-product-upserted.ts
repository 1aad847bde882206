/** catalog.product.upserted → store's copy of the product, if newer than the one held. */
import type { Handler } from "@scs/messaging/types";
import { applyOfferState } from "@/db/queries/offers";
import { offerFromProduct } from "@/domain/offers";

export const onProductUpserted: Handler<"catalog.product.upserted"> = (event, tx) => {
  applyOfferState(tx, offerFromProduct(event, Date.now()));
};
