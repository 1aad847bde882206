import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { requireAdminPage } from "@/auth/session";
import { getDb } from "@/db/client";
import { listArtists } from "@/db/queries/artists";
import { portraitPath } from "@/domain/artists";
import { plural } from "@/lib/format";
import { AdminNav } from "../admin-nav";
import { ArtistForm } from "./artist-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Artists · Back office" };

const noticeSchema = z.object({
  notice: z.literal("created").optional().catch(undefined),
  artist: z.string().max(100).optional().catch(undefined),
});

export default async function AdminArtistsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdminPage("/admin/artists");
  const { notice, artist: createdId } = noticeSchema.parse(await searchParams);
  const artists = listArtists(getDb());
  const created = notice ? artists.find((a) => a.id === createdId) : undefined;

  return (
    <>
      <AdminNav
        current="artists"
        title="Artists"
        intro="Artists appear on Waveline once they have a published album. An album can also create its artist on the fly."
      />
      <div className="container-music grid gap-8 pt-8 lg:grid-cols-[1fr_22rem]">
        <div className="min-w-0">
          {created && (
            <p
              role="status"
              className="mb-6 rounded-2xl border border-emerald-400/30 bg-emerald-400/10 px-4 py-3 text-sm text-emerald-300"
            >
              {created.name} was added.{" "}
              <Link href="/admin/albums/new" className="font-semibold underline underline-offset-4">
                Create their first album
              </Link>
              .
            </p>
          )}
          <ul className="divide-y divide-white/5 overflow-hidden rounded-3xl border border-white/5 bg-night-850">
            {artists.map((artist) => (
              <li key={artist.id} className="flex items-center gap-4 px-5 py-3.5">
                {/* biome-ignore lint/performance/noImgElement: generated SVG portrait */}
                <img
                  src={portraitPath(artist.id)}
                  alt=""
                  width={48}
                  height={48}
                  loading="lazy"
                  className="h-12 w-12 rounded-full"
                />
                <div className="min-w-0 flex-1">
                  <p className="truncate font-semibold text-white">
                    {artist.publishedAlbums > 0 ? (
                      <Link href={`/artists/${artist.id}`} className="hover:underline underline-offset-4">
                        {artist.name}
                      </Link>
                    ) : (
                      artist.name
                    )}
                  </p>
                  <p className="truncate text-sm text-haze-400">{artist.bio || "No biography yet"}</p>
                </div>
                <p className="shrink-0 text-right text-sm text-haze-400">
                  <span className="font-semibold text-white tabular-nums">{artist.publishedAlbums}</span>{" "}
                  published
                  {artist.albums > artist.publishedAlbums && (
                    <span className="block text-amber-300">
                      {plural(artist.albums - artist.publishedAlbums, "draft")}
                    </span>
                  )}
                </p>
                <Link
                  href={`/admin/artists/${artist.id}`}
                  className="shrink-0 rounded-full border border-white/10 px-3 py-1.5 text-sm font-semibold text-haze-300 hover:border-accent-400 hover:text-white"
                >
                  Edit<span className="sr-only"> {artist.name}</span>
                </Link>
              </li>
            ))}
            {artists.length === 0 && (
              <li className="px-5 py-12 text-center text-haze-400">No artists yet.</li>
            )}
          </ul>
        </div>
        <aside
          aria-labelledby="new-artist"
          className="h-fit rounded-3xl border border-white/5 bg-night-850 p-6"
        >
          <h2 id="new-artist" className="headline text-2xl">
            New artist
          </h2>
          <div className="mt-5">
            <ArtistForm />
          </div>
        </aside>
      </div>
    </>
  );
}
