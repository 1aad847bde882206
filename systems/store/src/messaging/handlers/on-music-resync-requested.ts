/**
 * music.resync.requested `{from:["store"]}` → music (new, or wiped) wants store's customers. Only
 * a job is recorded here, in the consumer's transaction; the runner of ../republish.ts records
 * every account again as `store.customer.upserted` with its current version, in short pages
 * afterwards (a request while it runs joins that job).
 */
import { requestResync } from "@scs/messaging/resync-jobs";
import type { Handler } from "@scs/messaging/types";
import { CUSTOMERS_RESYNC } from "../republish";

export const onMusicResyncRequested: Handler<"music.resync.requested"> = (event, tx) => {
  if (event.data.from.includes("store")) requestResync(tx, CUSTOMERS_RESYNC);
};
