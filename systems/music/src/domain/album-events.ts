/**
 * What the store learns about albums: every change to an album records its full state in the
 * same transaction, `music.album.upserted` while it is on sale, `music.album.removed` (a
 * tombstone) while it is a draft or once it is deleted, with the album's version.
 */
import { recordEvent } from "@scs/messaging/outbox";
import type { ResyncPage } from "@scs/messaging/resync-jobs";
import type { Tx } from "@/db/client";
import {
  type AlbumSummaryRow,
  albumsPageForResync,
  findAlbum,
  listAlbums,
  updateAlbumRow,
} from "@/db/queries/albums";
import { env } from "@/env";

export const coverPath = (albumId: string) => `/images/covers/${encodeURIComponent(albumId)}.svg`;
/** The cover's absolute URL, as other systems (the store) link it. */
export const coverUrl = (albumId: string) => `${env.MUSIC_URL}${coverPath(albumId)}`;

/** Whether the store may offer the album: published and not deleted. */
export const isOnSale = (album: Pick<AlbumSummaryRow, "published" | "deletedAt">) =>
  album.published && album.deletedAt === null;

/** Records the album's current state as an event, with its current version. */
function recordAlbumState(tx: Tx, album: AlbumSummaryRow): void {
  if (isOnSale(album)) {
    recordEvent(
      tx,
      "music.album.upserted",
      album.id,
      {
        id: album.id,
        title: album.title,
        artist: album.artist,
        priceCents: album.priceCents,
        currency: album.currency,
        trackCount: album.trackCount,
        cover: coverUrl(album.id),
      },
      { aggregateVersion: album.version },
    );
  } else {
    recordEvent(tx, "music.album.removed", album.id, { id: album.id }, { aggregateVersion: album.version });
  }
}

/** Records the album's state after a change inside `tx` (its version already bumped). */
export function announceAlbum(tx: Tx, id: string): void {
  const album = findAlbum(tx, id, { includeDeleted: true });
  if (!album) throw new Error(`album ${id} vanished inside its own transaction`);
  recordAlbumState(tx, album);
}

/**
 * The artist's name is part of every album's event: after a rename, each of their albums that is
 * not deleted gets a new version and is announced again.
 */
export function reannounceAlbumsOfArtist(tx: Tx, artistId: string, now = Date.now()): number {
  const albums = listAlbums(tx, { status: "all", artistId });
  for (const album of albums) {
    updateAlbumRow(tx, album.id, { version: album.version + 1, updatedAt: now });
    announceAlbum(tx, album.id);
  }
  return albums.length;
}

/**
 * Re-records the current state of one page of albums (in id order) with their current versions,
 * in answer to a resync request (src/messaging/republish.ts works the pages off): published
 * albums as upserted, drafts and deleted ones as removed. Versions do not change, so a replica
 * that already holds them ignores the repeats. Returns the page's ids, in order.
 */
export function republishAlbums(tx: Tx, page: ResyncPage): string[] {
  const albums = albumsPageForResync(tx, page);
  for (const album of albums) recordAlbumState(tx, album);
  return albums.map((album) => album.id);
}
