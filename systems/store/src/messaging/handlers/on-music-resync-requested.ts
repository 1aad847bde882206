/**
 * music.resync.requested `{from:["store"]}` → music (new, or wiped) wants store's customers:
 * store records every account again as `store.customer.upserted` with its current version.
 */
import type { Handler } from "@scs/messaging/runtime";
import { republishCustomers } from "@/domain/accounts";

export const onMusicResyncRequested: Handler<"music.resync.requested"> = (event, tx) => {
  if (event.data.from.includes("store")) republishCustomers(tx);
};
