import { env } from "@/env";

/** The store's page for an album (its offer, built from the store's own copy of the album). */
export const storeAlbumUrl = (album: { id: string }) =>
  `${env.STORE_URL}/offers/music/${encodeURIComponent(album.id)}`;
