import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { AlbumGrid } from "@/components/album-card";
import { CoverBackdrop } from "@/components/cover-backdrop";
import { getDb } from "@/db/client";
import { listAlbums } from "@/db/queries/albums";
import { findArtist } from "@/db/queries/artists";
import { portraitPath } from "@/domain/artists";
import { portraitStyle } from "@/domain/cover-art";
import { formatRunningTime, plural } from "@/lib/format";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

/** An artist with their published albums; one without any is not shown to the public. */
const artistPage = cache((id: string) => {
  const db = getDb();
  const artist = findArtist(db, id);
  if (!artist) return undefined;
  const albums = listAlbums(db, { status: "published", artistId: id });
  return albums.length > 0 ? { artist, albums } : undefined;
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const page = artistPage((await params).id);
  return page
    ? { title: page.artist.name, description: page.artist.bio.slice(0, 160) }
    : { title: "Artist not found" };
}

export default async function ArtistPage({ params }: Props) {
  const page = artistPage((await params).id);
  if (!page) notFound();
  const { artist, albums } = page;
  const genres = [...new Set(albums.map((a) => a.genre))];
  const years = albums.map((a) => a.year);
  const tracks = albums.reduce((n, a) => n + a.trackCount, 0);
  const seconds = albums.reduce((n, a) => n + a.durationSeconds, 0);

  return (
    <>
      <section aria-labelledby="artist-name" className="relative isolate overflow-hidden">
        <CoverBackdrop
          palette={portraitStyle(artist.id).palette}
          light={{ strength: 0.5, fade: [0.1, 0.7] }}
        />
        <div className="container-music flex flex-col items-center gap-8 pt-14 pb-12 text-center md:flex-row md:items-end md:text-left">
          {/* biome-ignore lint/performance/noImgElement: generated SVG portrait */}
          <img
            src={portraitPath(artist.id)}
            alt=""
            width={600}
            height={600}
            className="aspect-square w-48 rounded-full shadow-2xl shadow-black/70 ring-4 ring-white/10 sm:w-60"
          />
          <div>
            <p className="eyebrow">Artist</p>
            <h1 id="artist-name" className="headline mt-3 text-5xl sm:text-7xl">
              {artist.name}
            </h1>
            <p className="mt-4 text-haze-300">
              {genres.join(" · ")} ·{" "}
              {Math.min(...years) === Math.max(...years)
                ? years[0]
                : `${Math.min(...years)}–${Math.max(...years)}`}
            </p>
          </div>
        </div>
      </section>

      <div className="container-music grid gap-12 lg:grid-cols-[1fr_20rem]">
        <section aria-labelledby="discography">
          <h2 id="discography" className="headline mb-5 text-3xl">
            Discography
          </h2>
          <AlbumGrid albums={albums} eager={5} />
        </section>
        <aside aria-labelledby="about" className="lg:pt-2">
          <h2 id="about" className="headline text-3xl">
            About
          </h2>
          <p className="mt-4 leading-relaxed whitespace-pre-line text-haze-300">
            {artist.bio || `${artist.name} releases on Waveline.`}
          </p>
          <dl className="mt-6 grid grid-cols-3 gap-3 text-center">
            {[
              ["Albums", String(albums.length)],
              ["Tracks", String(tracks)],
              ["Playtime", formatRunningTime(seconds)],
            ].map(([label, value]) => (
              <div key={label} className="rounded-2xl bg-white/5 px-2 py-4">
                <dt className="text-xs tracking-widest text-haze-500 uppercase">{label}</dt>
                <dd className="headline mt-1 text-xl">{value}</dd>
              </div>
            ))}
          </dl>
          <p className="sr-only">{plural(albums.length, "album")}</p>
        </aside>
      </div>
    </>
  );
}
