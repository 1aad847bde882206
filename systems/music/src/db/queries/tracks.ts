import { asc, eq } from "drizzle-orm";
import type { Conn } from "../client";
import { tracks } from "../schema";

export type TrackRow = typeof tracks.$inferSelect;

export function listTracks(conn: Conn, albumId: string): TrackRow[] {
  return conn.select().from(tracks).where(eq(tracks.albumId, albumId)).orderBy(asc(tracks.position)).all();
}

/** Replaces an album's tracklist: positions are 1…n in the given order. */
export function replaceTracks(
  conn: Conn,
  albumId: string,
  list: { title: string; durationSeconds: number }[],
): void {
  conn.delete(tracks).where(eq(tracks.albumId, albumId)).run();
  if (list.length === 0) return;
  conn
    .insert(tracks)
    .values(
      list.map((track, index) => ({
        id: crypto.randomUUID(),
        albumId,
        position: index + 1,
        title: track.title,
        durationSeconds: track.durationSeconds,
      })),
    )
    .run();
}
