import { env } from "@/env";

/**
 * Where the store offers an album. The store lists music's albums from its own copy; until it has
 * a page per item, its offers search finds the album by title.
 */
export const storeAlbumUrl = (album: { title: string }) =>
  `${env.STORE_URL}/offers?source=music&q=${encodeURIComponent(album.title)}`;
