/**
 * The data of `store.customer.upserted` for an account: what catalog and music copy of it — who it
 * is, its roles, and the instant before which its sessions are revoked (docs/decisions/0016).
 */
import type { EventData } from "@scs/contracts/events";
import type { Account } from "@/db/schema";

export function customerEventData(
  account: Pick<Account, "id" | "email" | "name" | "roles" | "sessionsValidAfter">,
): EventData<"store.customer.upserted"> {
  return {
    id: account.id,
    email: account.email,
    name: account.name,
    roles: [...account.roles],
    ...(account.sessionsValidAfter === null
      ? {}
      : { sessionsValidAfter: new Date(account.sessionsValidAfter).toISOString() }),
  };
}
