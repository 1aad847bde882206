import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { z } from "zod";
import { getSession, isAdmin } from "@/auth/session";
import { AddToCartForm } from "@/components/add-to-cart-form";
import { AlbumGrid } from "@/components/album-card";
import { CartNotice } from "@/components/cart-notice";
import { CoverBackdrop } from "@/components/cover-backdrop";
import { CheckIcon } from "@/components/icons";
import { PlayAlbumButton, TrackList } from "@/components/player/track-list";
import { getDb } from "@/db/client";
import { listAlbums } from "@/db/queries/albums";
import { coverPath } from "@/domain/album-events";
import { getAlbumDetail } from "@/domain/albums";
import { portraitPath } from "@/domain/artists";
import { PREVIEW_SECONDS } from "@/domain/audio/track-audio";
import { coverStyle } from "@/domain/cover-art";
import { ownsAlbum } from "@/domain/library";
import { formatPrice, formatRunningTime, plural } from "@/lib/format";
import { storeAlbumUrl } from "@/lib/store-links";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/**
 * The album as this visitor may see it: published albums for everybody, drafts for
 * administrators, and every album a customer owns (even once it is off sale) for its owner.
 */
const albumForVisitor = cache(async (id: string) => {
  const db = getDb();
  const session = await getSession();
  const owned = session !== null && ownsAlbum(db, session.sub, id);
  const album = getAlbumDetail(db, id, { includeDeleted: owned });
  if (!album) return undefined;
  if (!album.published && !owned && !isAdmin(session)) return undefined;
  return { album, owned, signedIn: session !== null };
});

/** Store's answer to "Add to cart", carried back in the address. */
const cartFeedbackSchema = z.object({
  added: z.string().max(100).optional().catch(undefined),
  cartError: z
    .string()
    .transform((s) => s.slice(0, 300))
    .optional()
    .catch(undefined),
});

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = await albumForVisitor((await params).id);
  return found
    ? {
        title: `${found.album.title} — ${found.album.artist}`,
        description: `${found.album.genre} album by ${found.album.artist}, ${found.album.year}. Listen to every track, buy the whole album.`,
      }
    : { title: "Album not found" };
}

export default async function AlbumPage({ params, searchParams }: Props) {
  const found = await albumForVisitor((await params).id);
  if (!found) notFound();
  const { album, owned, signedIn } = found;
  const query = await searchParams;
  const feedback = cartFeedbackSchema.parse({ added: first(query.added), cartError: first(query.cartError) });
  const more = listAlbums(getDb(), { status: "published", artistId: album.artistId }).filter(
    (other) => other.id !== album.id,
  );
  const playerAlbum = {
    id: album.id,
    title: album.title,
    artist: album.artist,
    cover: coverPath(album.id),
    year: album.year,
    durationSeconds: album.durationSeconds,
  };
  // What the player's components show and play, without the API's absolute preview URLs: these
  // props travel in every answer's flight data (they build each track's audio address themselves).
  const tracks = album.tracks.map(({ id, position, title, durationSeconds }) => ({
    id,
    position,
    title,
    durationSeconds,
  }));

  return (
    <>
      <section aria-labelledby="album-title" className="relative isolate overflow-hidden">
        <CoverBackdrop
          palette={coverStyle(album.id).palette}
          light={{ strength: 0.4, saturate: 1.5, fade: [0.2, 0.75] }}
        />
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
            <p className="eyebrow flex flex-wrap items-center gap-3">
              Album
              {owned && (
                <span className="inline-flex items-center gap-1 rounded-full bg-emerald-400/15 px-2.5 py-0.5 tracking-normal normal-case text-emerald-300">
                  <CheckIcon className="h-3.5 w-3.5" /> In your library
                </span>
              )}
              {!album.published && !owned && (
                <span className="rounded-full bg-amber-400/15 px-2 py-0.5 tracking-normal normal-case text-amber-300">
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

            {owned ? (
              <div className="mt-8 flex flex-wrap items-center gap-4">
                <PlayAlbumButton album={playerAlbum} tracks={tracks} full label="Play album" />
                <Link
                  href="/library"
                  className="rounded-full border border-white/20 px-6 py-3 font-semibold text-white hover:bg-white/10"
                >
                  Open My library
                </Link>
              </div>
            ) : (
              <>
                <div className="mt-8 flex flex-wrap items-center gap-4">
                  <p className="headline text-4xl tabular-nums">{formatPrice(album.priceCents)}</p>
                  {album.published && <AddToCartForm albumId={album.id} returnTo={`/albums/${album.id}`} />}
                  <PlayAlbumButton album={playerAlbum} tracks={tracks} full={false} variant="ghost" />
                </div>
                <p className="mt-3 text-sm text-haze-400">
                  Digital album · all {album.trackCount} tracks, yours to stream in full from My library ·
                  price includes VAT
                  {album.published && (
                    <>
                      {" · "}
                      <a
                        href={storeAlbumUrl(album)}
                        className="text-accent-300 underline-offset-4 hover:underline"
                      >
                        See it in the store
                      </a>
                    </>
                  )}
                </p>
              </>
            )}
            {(feedback.added === album.id || feedback.cartError) && (
              <div className="mt-6 max-w-xl">
                <CartNotice
                  added={feedback.added === album.id}
                  cartError={feedback.cartError}
                  title={album.title}
                />
              </div>
            )}
          </div>
        </div>
      </section>

      <div className="container-music">
        <section aria-labelledby="tracklist-heading" className="mt-4">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="tracklist-heading" className="headline text-2xl">
              Tracklist
            </h2>
            <p className="text-sm text-haze-400">
              {owned
                ? "Full tracks: this album is yours."
                : `Press a track to hear a ${PREVIEW_SECONDS}-second preview.${
                    signedIn ? "" : " Owners sign in to hear it all."
                  }`}
            </p>
          </div>
          <div className="mt-3">
            <TrackList album={playerAlbum} tracks={tracks} full={owned} />
          </div>
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
