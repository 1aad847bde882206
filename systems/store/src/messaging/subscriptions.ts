/**
 * Every event store consumes and the handler that applies it: the one place to look.
 * The runtime binds `store.inbox` to exactly these types.
 */
import type { Subscriptions } from "@scs/messaging/types";
import { onAlbumRemoved } from "./handlers/on-album-removed";
import { onAlbumUpserted } from "./handlers/on-album-upserted";
import { onCatalogResyncRequested } from "./handlers/on-catalog-resync-requested";
import { onMusicResyncRequested } from "./handlers/on-music-resync-requested";
import { onProductRemoved } from "./handlers/on-product-removed";
import { onProductUpserted } from "./handlers/on-product-upserted";
import { onStockRejected } from "./handlers/on-stock-rejected";
import { onStockReserved } from "./handlers/on-stock-reserved";

export const subscriptions: Subscriptions = {
  "catalog.product.upserted": onProductUpserted,
  "catalog.product.removed": onProductRemoved,
  "music.album.upserted": onAlbumUpserted,
  "music.album.removed": onAlbumRemoved,
  "music.resync.requested": onMusicResyncRequested,
  "catalog.resync.requested": onCatalogResyncRequested,
  "catalog.stock.reserved": onStockReserved,
  "catalog.stock.rejected": onStockRejected,
};
