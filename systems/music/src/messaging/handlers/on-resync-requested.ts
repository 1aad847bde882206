import type { Handler } from "@scs/messaging/runtime";
import { republishAlbums } from "@/domain/album-events";

/** A replica (the store) lost or never had music's albums: re-announce every album's current state. */
export const onResyncRequested: Handler<"store.resync.requested"> = (event, tx) => {
  if (event.data.from.includes("music")) republishAlbums(tx);
};
