import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getSession, isAdmin } from "@/auth/session";
import { AlbumGrid } from "@/components/album-card";
import { BagIcon, ClockIcon } from "@/components/icons";
import { getDb } from "@/db/client";
import { listAlbums } from "@/db/queries/albums";
import { coverPath } from "@/domain/album-events";
import { getAlbumDetail } from "@/domain/albums";
import { portraitPath } from "@/domain/artists";
import { formatDuration, formatPrice, formatRunningTime, plural } from "@/lib/format";
import { storeAlbumUrl } from "@/lib/store-links";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

/** The album as this visitor may see it: drafts only for administrators. */
const visibleAlbum = cache(async (id: string) => {
  const album = getAlbumDetail(getDb(), id);
  if (!album) return undefined;
  if (!album.published && !isAdmin(await getSession())) return undefined;
  return album;
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const album = await visibleAlbum((await params).id);
  return album
    ? {
        title: `${album.title} — ${album.artist}`,
        description: `${album.genre} album by ${album.artist}, ${album.year}.`,
      }
    : { title: "Album not found" };
}

export default async function AlbumPage({ params }: Props) {
  const album = await visibleAlbum((await params).id);
  if (!album) notFound();
  const more = listAlbums(getDb(), { status: "published", artistId: album.artistId }).filter(
    (other) => other.id !== album.id,
  );

  return (
    <>
      <section aria-labelledby="album-title" className="relative isolate overflow-hidden">
        <div aria-hidden="true" className="absolute inset-0 -z-10">
          {/* biome-ignore lint/performance/noImgElement: generated SVG cover */}
          <img
            src={coverPath(album.id)}
            alt=""
            className="h-full w-full scale-125 object-cover opacity-40 blur-3xl saturate-150"
          />
          <div className="absolute inset-0 bg-gradient-to-b from-night-950/20 via-night-950/75 to-night-950" />
        </div>
        <div className="container-music grid gap-8 pt-10 pb-12 md:grid-cols-[minmax(0,22rem)_1fr] md:items-end md:gap-12 md:pt-16">
          {/* biome-ignore lint/performance/noImgElement: generated SVG cover */}
          <img
            src={coverPath(album.id)}
            alt={`Cover of ${album.title} by ${album.artist}`}
            width={600}
            height={600}
            className="mx-auto aspect-square w-64 rounded-2xl shadow-2xl shadow-black/70 ring-1 ring-white/10 sm:w-80 md:w-full"
          />
          <div>
            <p className="eyebrow">
              Album
              {!album.published && (
                <span className="ml-3 rounded-full bg-amber-400/15 px-2 py-0.5 tracking-normal normal-case text-amber-300">
                  Draft — only administrators see this page
                </span>
              )}
            </p>
            <h1 id="album-title" className="headline mt-3 text-5xl break-words sm:text-6xl lg:text-7xl">
              {album.title}
            </h1>
            <div className="mt-5 flex flex-wrap items-center gap-x-3 gap-y-2 text-haze-300">
              <Link
                href={`/artists/${album.artistId}`}
                className="flex items-center gap-2 rounded-full font-semibold text-white hover:underline underline-offset-4"
              >
                {/* biome-ignore lint/performance/noImgElement: generated SVG portrait */}
                <img
                  src={portraitPath(album.artistId)}
                  alt=""
                  width={28}
                  height={28}
                  className="h-7 w-7 rounded-full"
                />
                {album.artist}
              </Link>
              <span aria-hidden="true">·</span>
              <span>{album.year}</span>
              <span aria-hidden="true">·</span>
              <Link
                href={`/albums?genre=${encodeURIComponent(album.genre)}`}
                className="hover:text-white hover:underline underline-offset-4"
              >
                {album.genre}
              </Link>
              <span aria-hidden="true">·</span>
              <span>
                {plural(album.trackCount, "track")}, {formatRunningTime(album.durationSeconds)}
              </span>
            </div>
            <div className="mt-8 flex flex-wrap items-center gap-4">
              <p className="headline text-4xl">{formatPrice(album.priceCents)}</p>
              {album.published && (
                <a
                  href={storeAlbumUrl(album)}
                  className="bg-brand inline-flex items-center gap-2 rounded-full px-6 py-3 font-semibold text-white shadow-glow transition-transform hover:scale-[1.03]"
                >
                  <BagIcon className="h-4 w-4" /> Buy at store
                </a>
              )}
            </div>
            <p className="mt-3 text-sm text-haze-400">
              Digital album · all {album.trackCount} tracks · price includes VAT
            </p>
          </div>
        </div>
      </section>

      <div className="container-music">
        <section aria-labelledby="tracklist-heading" className="mt-4">
          <h2 id="tracklist-heading" className="sr-only">
            Tracklist
          </h2>
          <table className="w-full text-left">
            <thead>
              <tr className="border-b border-white/10 text-xs tracking-[0.15em] text-haze-500 uppercase">
                <th scope="col" className="w-12 py-3 pr-2 text-right font-medium">
                  #
                </th>
                <th scope="col" className="py-3 pl-4 font-medium">
                  Title
                </th>
                <th scope="col" className="py-3 pr-2 text-right font-medium">
                  <ClockIcon className="ml-auto h-4 w-4" />
                  <span className="sr-only">Duration</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {album.tracks.map((track) => (
                <tr
                  key={track.position}
                  className="group border-b border-white/5 transition-colors hover:bg-white/[0.04]"
                >
                  <td className="py-3.5 pr-2 text-right text-haze-500 tabular-nums group-hover:text-white">
                    {track.position}
                  </td>
                  <td className="py-3.5 pl-4">
                    <span className="font-medium text-white">{track.title}</span>
                    <span className="block text-sm text-haze-400">{album.artist}</span>
                  </td>
                  <td className="py-3.5 pr-2 text-right text-haze-400 tabular-nums">
                    {formatDuration(track.durationSeconds)}
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <td />
                <td className="py-4 pl-4 text-sm text-haze-400">
                  {plural(album.trackCount, "track")} · released {album.year}
                </td>
                <td className="py-4 pr-2 text-right text-sm text-haze-400 tabular-nums">
                  {formatDuration(album.durationSeconds)}
                </td>
              </tr>
            </tfoot>
          </table>
        </section>

        {more.length > 0 && (
          <section aria-labelledby="more-heading" className="mt-16">
            <h2 id="more-heading" className="headline mb-5 text-3xl">
              More by {album.artist}
            </h2>
            <AlbumGrid albums={more.slice(0, 5)} />
          </section>
        )}
      </div>
    </>
  );
}
