import { and, asc, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { Conn } from "../client";
import { albums, artists, tracks } from "../schema";

export type TrackRow = typeof tracks.$inferSelect;

export function listTracks(conn: Conn, albumId: string): TrackRow[] {
  return conn.select().from(tracks).where(eq(tracks.albumId, albumId)).orderBy(asc(tracks.position)).all();
}

/** A track with what deciding who may hear it needs: its album's state and names. */
export function findTrackWithAlbum(conn: Conn, trackId: string) {
  return conn
    .select({
      id: tracks.id,
      albumId: tracks.albumId,
      position: tracks.position,
      title: tracks.title,
      durationSeconds: tracks.durationSeconds,
      albumTitle: albums.title,
      artist: artists.name,
      published: albums.published,
      deletedAt: albums.deletedAt,
    })
    .from(tracks)
    .innerJoin(albums, eq(albums.id, tracks.albumId))
    .innerJoin(artists, eq(artists.id, albums.artistId))
    .where(eq(tracks.id, trackId))
    .get();
}

export interface TrackInput {
  /** An existing track of this album keeps its id (and with it its sound); anything else is new. */
  id?: string | undefined;
  title: string;
  durationSeconds: number;
}

/**
 * Saves an album's tracklist in the given order (positions 1…n): tracks of the album named by id
 * are updated in place, tracks left out are removed, the others are added with a new id.
 */
export function replaceTracks(conn: Conn, albumId: string, list: TrackInput[]): void {
  const existing = new Set(listTracks(conn, albumId).map((t) => t.id));
  const kept = new Set<string>();
  const rows = list.map((track, index) => {
    const id = track.id && existing.has(track.id) && !kept.has(track.id) ? track.id : crypto.randomUUID();
    kept.add(id);
    return { id, albumId, position: index + 1, title: track.title, durationSeconds: track.durationSeconds };
  });
  const keptIds = [...kept].filter((id) => existing.has(id));
  conn
    .delete(tracks)
    .where(and(eq(tracks.albumId, albumId), keptIds.length > 0 ? notInArray(tracks.id, keptIds) : undefined))
    .run();
  // Move the kept tracks out of the way first: (album, position) is unique.
  conn
    .update(tracks)
    .set({ position: sql`-${tracks.position}` })
    .where(eq(tracks.albumId, albumId))
    .run();
  for (const row of rows) {
    if (existing.has(row.id)) {
      conn
        .update(tracks)
        .set({ position: row.position, title: row.title, durationSeconds: row.durationSeconds })
        .where(eq(tracks.id, row.id))
        .run();
    } else {
      conn.insert(tracks).values(row).run();
    }
  }
}

/** The opening track of each of these albums (what an album card previews). */
export function openingTracks(conn: Conn, albumIds: string[]): Map<string, TrackRow> {
  if (albumIds.length === 0) return new Map();
  const rows = conn
    .select()
    .from(tracks)
    .where(and(inArray(tracks.albumId, albumIds), eq(tracks.position, 1)))
    .all();
  return new Map(rows.map((row) => [row.albumId, row]));
}
