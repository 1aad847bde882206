import type { Handler } from "@scs/messaging/runtime";
import { upsertCustomerIfNewer } from "@/db/queries/customers";

/** store's customer, copied so that music knows who its listeners are (libraries, orders). */
export const onCustomerUpserted: Handler<"store.customer.upserted"> = (event, tx) => {
  if (event.aggregateversion === undefined) {
    throw new Error("store.customer.upserted without aggregateversion: cannot order it");
  }
  upsertCustomerIfNewer(tx, { ...event.data, version: event.aggregateversion });
};
