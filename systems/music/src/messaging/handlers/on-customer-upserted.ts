import type { Handler } from "@scs/messaging/types";
import { upsertCustomerIfNewer } from "@/db/queries/customers";

/**
 * store's customer, copied so that music knows who its listeners are (libraries, orders) and can
 * check their sessions without calling store: revoked ones ("sessions valid after") and roles.
 */
export const onCustomerUpserted: Handler<"store.customer.upserted"> = (event, tx) => {
  if (event.aggregateversion === undefined) {
    throw new Error("store.customer.upserted without aggregateversion: cannot order it");
  }
  const { id, email, name, roles, sessionsValidAfter } = event.data;
  upsertCustomerIfNewer(tx, {
    id,
    email,
    name,
    roles: roles ?? null,
    sessionsValidAfter: sessionsValidAfter === undefined ? null : Date.parse(sessionsValidAfter),
    version: event.aggregateversion,
  });
};
