/**
 * store lost or never had its copy of the catalog and asks owners to re-publish. Only a job is
 * recorded here, in the consumer's transaction (so a redelivered request is a duplicate, and the
 * job survives a crash); the runner of ../republish.ts re-publishes every product with its CURRENT
 * version in short pages afterwards, and merges a request that comes while it runs into that job.
 */
import { requestResync } from "@scs/messaging/resync-jobs";
import type { Handler } from "@scs/messaging/types";
import { PRODUCTS_RESYNC } from "../republish";

export const onResyncRequested: Handler<"store.resync.requested"> = (event, tx) => {
  if (!event.data.from.includes("catalog")) return;
  requestResync(tx, PRODUCTS_RESYNC);
};
