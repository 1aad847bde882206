import { recordEvent, transact } from "@scs/messaging/outbox";
import type { CatalogDb } from "@/db/client";
import { countCustomers, hasPendingEventOfType } from "@/db/queries/customers";

/**
 * A catalog that holds no customers (new, wiped, or from before it copied them) asks store to
 * re-publish them (`catalog.resync.requested {from:["store"]}`; store answers with its paged job).
 * Asked once per start while the copy is empty, not again while an earlier request still waits
 * in the outbox.
 */
export function requestCustomersIfEmpty(db: CatalogDb): boolean {
  return transact(db, (tx) => {
    if (countCustomers(tx) > 0 || hasPendingEventOfType(tx, "catalog.resync.requested")) return false;
    recordEvent(tx, "catalog.resync.requested", "customers", { from: ["store"] });
    return true;
  });
}
