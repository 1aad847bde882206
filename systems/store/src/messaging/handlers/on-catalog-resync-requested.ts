/**
 * catalog.resync.requested `{from:["store"]}` → catalog (new, wiped, or from before it copied
 * customers) wants store's customers, to check sessions without calling store. Answered exactly
 * like music's request: only a job is recorded here, and the runner of ../republish.ts records
 * every account again as `store.customer.upserted` with its current version, in short pages (a
 * request while a pass runs joins it).
 */
import { requestResync } from "@scs/messaging/resync-jobs";
import type { Handler } from "@scs/messaging/types";
import { CUSTOMERS_RESYNC } from "../republish";

export const onCatalogResyncRequested: Handler<"catalog.resync.requested"> = (event, tx) => {
  if (event.data.from.includes("store")) requestResync(tx, CUSTOMERS_RESYNC);
};
