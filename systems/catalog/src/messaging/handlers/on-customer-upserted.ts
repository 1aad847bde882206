/**
 * store's customer, copied so that catalog can check sessions without calling store: a session
 * issued before the account's "sessions valid after" instant is refused, and a session never has
 * more roles than the copy says (a demoted administrator loses /admin at once).
 */
import type { Handler } from "@scs/messaging/types";
import { upsertCustomerIfNewer } from "@/db/queries/customers";

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
