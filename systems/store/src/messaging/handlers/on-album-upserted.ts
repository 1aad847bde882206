/** music.album.upserted → store's copy of the album, if newer than the one held. */
import type { Handler } from "@scs/messaging/types";
import { applyOfferState } from "@/db/queries/offers";
import { offerFromAlbum } from "@/domain/offers";

export const onAlbumUpserted: Handler<"music.album.upserted"> = (event, tx) => {
  applyOfferState(tx, offerFromAlbum(event, Date.now()));
};
