import { and, asc, count, desc, eq, gt, isNull, lte, type SQL, sql } from "drizzle-orm";
import type { Conn } from "../client";
import { albums, artists, tracks } from "../schema";

export type AlbumRow = typeof albums.$inferSelect;

/** An album as pages and the API show it: with its artist's name and its tracks' totals. */
const summary = {
  id: albums.id,
  title: albums.title,
  artistId: albums.artistId,
  artist: artists.name,
  year: albums.year,
  genre: albums.genre,
  priceCents: albums.priceCents,
  currency: albums.currency,
  published: albums.published,
  version: albums.version,
  createdAt: albums.createdAt,
  updatedAt: albums.updatedAt,
  deletedAt: albums.deletedAt,
  trackCount: sql<number>`(select count(*) from ${tracks} where ${tracks.albumId} = ${albums.id})`.mapWith(
    Number,
  ),
  durationSeconds:
    sql<number>`(select coalesce(sum(${tracks.durationSeconds}), 0) from ${tracks} where ${tracks.albumId} = ${albums.id})`.mapWith(
      Number,
    ),
};

export type AlbumSummaryRow = NonNullable<ReturnType<typeof findAlbum>>;

export interface AlbumFilter {
  /** "published" (the public) or "all" albums that are not deleted (the back office). */
  status: "published" | "all";
  q?: string;
  genre?: string;
  artistId?: string;
  limit?: number;
}

const likeEscaped = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function listAlbums(conn: Conn, filter: AlbumFilter) {
  const where: (SQL | undefined)[] = [isNull(albums.deletedAt)];
  if (filter.status === "published") where.push(eq(albums.published, true));
  if (filter.genre) where.push(sql`${albums.genre} = ${filter.genre} collate nocase`);
  if (filter.artistId) where.push(eq(albums.artistId, filter.artistId));
  if (filter.q) {
    const pattern = likeEscaped(filter.q);
    where.push(
      sql`(${albums.title} like ${pattern} escape '\\' or ${artists.name} like ${pattern} escape '\\')`,
    );
  }
  return conn
    .select(summary)
    .from(albums)
    .innerJoin(artists, eq(artists.id, albums.artistId))
    .where(and(...where))
    .orderBy(desc(albums.year), desc(albums.createdAt), asc(albums.title))
    .limit(filter.limit ?? 500)
    .all();
}

/**
 * The album unless it was deleted (or even then, with `includeDeleted`); unpublished albums are
 * included: callers decide who may see them.
 */
export function findAlbum(conn: Conn, id: string, { includeDeleted = false } = {}) {
  return conn
    .select(summary)
    .from(albums)
    .innerJoin(artists, eq(artists.id, albums.artistId))
    .where(and(eq(albums.id, id), includeDeleted ? undefined : isNull(albums.deletedAt)))
    .get();
}

/**
 * One page of every album ever created, deleted ones included (what a resync re-announces), in id
 * order: ids after `after` and at most `through` (either null: no bound), at most `limit`.
 */
export function albumsPageForResync(
  conn: Conn,
  page: { after: string | null; through: string | null; limit: number },
) {
  return conn
    .select(summary)
    .from(albums)
    .innerJoin(artists, eq(artists.id, albums.artistId))
    .where(
      and(
        page.after === null ? undefined : gt(albums.id, page.after),
        page.through === null ? undefined : lte(albums.id, page.through),
      ),
    )
    .orderBy(asc(albums.id))
    .limit(page.limit)
    .all();
}

/** The stored row, deleted or not (covers of deleted albums still render for old links). */
export function albumRow(conn: Conn, id: string): AlbumRow | undefined {
  return conn.select().from(albums).where(eq(albums.id, id)).get();
}

export function insertAlbum(conn: Conn, row: typeof albums.$inferInsert): void {
  conn.insert(albums).values(row).run();
}

export function updateAlbumRow(conn: Conn, id: string, changes: Partial<typeof albums.$inferInsert>): void {
  conn.update(albums).set(changes).where(eq(albums.id, id)).run();
}

/** Albums that are not deleted, optionally only published ones or only drafts. */
export function countAlbums(conn: Conn, { published }: { published?: boolean } = {}): number {
  const where = and(
    isNull(albums.deletedAt),
    published === undefined ? undefined : eq(albums.published, published),
  );
  return conn.select({ n: count() }).from(albums).where(where).get()?.n ?? 0;
}

/** Genres of published albums with how many albums each has, most populated first. */
export function listGenres(conn: Conn): { genre: string; albums: number }[] {
  return conn
    .select({ genre: albums.genre, albums: sql<number>`count(*)`.mapWith(Number) })
    .from(albums)
    .where(and(isNull(albums.deletedAt), eq(albums.published, true)))
    .groupBy(albums.genre)
    .orderBy(desc(sql`count(*)`), asc(albums.genre))
    .all();
}
