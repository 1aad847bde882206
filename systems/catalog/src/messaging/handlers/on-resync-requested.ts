/**
 * store lost or never had its copy of the catalog and asks owners to re-publish: every product is
 * re-recorded with its CURRENT version (tombstones for removed ones). Consumers ignore what they
 * already hold, so answering twice is harmless.
 */
import type { Handler } from "@scs/messaging/runtime";
import { allProductsWithRemoved } from "@/db/queries/products";
import { republishAllProducts } from "@/domain/products";

export const onResyncRequested: Handler<"store.resync.requested"> = (event, tx) => {
  if (!event.data.from.includes("catalog")) return;
  republishAllProducts(tx, allProductsWithRemoved(tx));
};
