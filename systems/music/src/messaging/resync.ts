import { recordEvent, transact } from "@scs/messaging/outbox";
import type { MusicDb } from "@/db/client";
import { countCustomers } from "@/db/queries/customers";
import { hasPendingEventOfType } from "@/db/queries/outbox";

/**
 * A new or wiped music database holds no customers: ask store to re-publish them. Asked once per
 * start while the copy is empty (and not again while an earlier request still waits in the outbox).
 */
export function requestCustomersIfEmpty(db: MusicDb): boolean {
  return transact(db, (tx) => {
    if (countCustomers(tx) > 0 || hasPendingEventOfType(tx, "music.resync.requested")) return false;
    recordEvent(tx, "music.resync.requested", "customers", { from: ["store"] });
    return true;
  });
}
