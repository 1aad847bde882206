import { requestResync } from "@scs/messaging/resync-jobs";
import type { Handler } from "@scs/messaging/types";
import { ALBUMS_RESYNC } from "../republish";

/**
 * A replica (the store) lost or never had music's albums: record a job that re-announces every
 * album's current state. Only the job is written in the consumer's transaction; the runner of
 * ../republish.ts does the work in short pages afterwards (a request while it runs joins that job).
 */
export const onResyncRequested: Handler<"store.resync.requested"> = (event, tx) => {
  if (event.data.from.includes("music")) requestResync(tx, ALBUMS_RESYNC);
};
