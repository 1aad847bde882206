import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { AlbumGrid } from "@/components/album-card";
import { getDb } from "@/db/client";
import { listAlbums, listGenres } from "@/db/queries/albums";
import { plural } from "@/lib/format";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Albums" };

/** Anything malformed in the address falls back to "everything" instead of an error page. */
const searchSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  genre: z.string().trim().max(60).optional().catch(undefined),
});

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function AlbumsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = await searchParams;
  const { q, genre } = searchSchema.parse({ q: first(raw.q), genre: first(raw.genre) });
  const db = getDb();
  const albums = listAlbums(db, { status: "published", q: q || undefined, genre: genre || undefined });
  const genres = listGenres(db);
  const chip = (active: boolean) =>
    `rounded-full px-4 py-1.5 text-sm font-medium transition-colors ${
      active ? "bg-white text-night-950" : "bg-white/5 text-haze-300 hover:bg-white/10 hover:text-white"
    }`;
  const withGenre = (g?: string) => {
    const params = new URLSearchParams();
    if (q) params.set("q", q);
    if (g) params.set("genre", g);
    const query = params.toString();
    return query ? `/albums?${query}` : "/albums";
  };

  return (
    <div className="container-music pt-12">
      <p className="eyebrow">The whole shelf</p>
      <h1 className="headline mt-2 text-5xl sm:text-6xl">{genre ? genre : "All albums"}</h1>
      <p className="mt-3 text-haze-400" aria-live="polite">
        {q ? (
          <>
            {plural(albums.length, "album")} matching <q className="font-semibold text-white">{q}</q>{" "}
            <Link
              href={genre ? `/albums?genre=${encodeURIComponent(genre)}` : "/albums"}
              className="ml-2 text-accent-300 underline-offset-4 hover:underline"
            >
              Clear search
            </Link>
          </>
        ) : (
          plural(albums.length, "album")
        )}
      </p>

      <nav aria-label="Genres" className="mt-8 flex flex-wrap gap-2">
        <Link href={withGenre(undefined)} aria-current={!genre ? "page" : undefined} className={chip(!genre)}>
          All genres
        </Link>
        {genres.map((g) => {
          const active = g.genre.toLowerCase() === genre?.toLowerCase();
          return (
            <Link
              key={g.genre}
              href={withGenre(g.genre)}
              aria-current={active ? "page" : undefined}
              className={chip(active)}
            >
              {g.genre}
            </Link>
          );
        })}
      </nav>

      <div className="mt-8">
        {albums.length > 0 ? (
          <AlbumGrid albums={albums} eager={10} />
        ) : (
          <div className="rounded-3xl border border-dashed border-white/10 px-6 py-20 text-center">
            <p className="headline text-3xl">Nothing here yet.</p>
            <p className="mt-3 text-haze-400">
              No album matches{q ? ` “${q}”` : ""}
              {genre ? ` in ${genre}` : ""}. Try another search or{" "}
              <Link href="/albums" className="text-accent-300 underline-offset-4 hover:underline">
                browse every album
              </Link>
              .
            </p>
          </div>
        )}
      </div>
    </div>
  );
}
