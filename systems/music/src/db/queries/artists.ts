import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import type { Conn } from "../client";
import { albums, artists } from "../schema";

export type ArtistRow = typeof artists.$inferSelect;

export function findArtist(conn: Conn, id: string): ArtistRow | undefined {
  return conn.select().from(artists).where(eq(artists.id, id)).get();
}

/** Names are unique whatever their case ("Neon Harbor" is "neon harbor"). */
export function findArtistByName(conn: Conn, name: string): ArtistRow | undefined {
  return conn.select().from(artists).where(sql`${artists.name} = ${name} collate nocase`).get();
}

export function insertArtist(conn: Conn, row: typeof artists.$inferInsert): void {
  conn.insert(artists).values(row).run();
}

export type ArtistWithCounts = ArtistRow & { publishedAlbums: number; albums: number };

/** Every artist with how many albums they have (published, and all not deleted). */
export function listArtists(conn: Conn): ArtistWithCounts[] {
  return conn
    .select({
      id: artists.id,
      name: artists.name,
      bio: artists.bio,
      version: artists.version,
      createdAt: artists.createdAt,
      updatedAt: artists.updatedAt,
      publishedAlbums: sql<number>`count(${albums.id}) filter (where ${albums.published} = 1)`.mapWith(
        Number,
      ),
      albums: sql<number>`count(${albums.id})`.mapWith(Number),
    })
    .from(artists)
    .leftJoin(albums, and(eq(albums.artistId, artists.id), isNull(albums.deletedAt)))
    .groupBy(artists.id)
    .orderBy(asc(sql`${artists.name} collate nocase`))
    .all();
}

export function countArtists(conn: Conn): number {
  return conn.select({ n: count() }).from(artists).get()?.n ?? 0;
}

export function updateArtistRow(conn: Conn, id: string, changes: Partial<typeof artists.$inferInsert>): void {
  conn.update(artists).set(changes).where(eq(artists.id, id)).run();
}
