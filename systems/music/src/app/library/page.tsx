import type { Metadata } from "next";
import Link from "next/link";
import { getSession, musicUrl } from "@/auth/session";
import { ArrowIcon, LibraryIcon } from "@/components/icons";
import { PlayAlbumButton, TrackList } from "@/components/player/track-list";
import { getDb } from "@/db/client";
import { coverPath } from "@/domain/album-events";
import { libraryOf } from "@/domain/library";
import { env } from "@/env";
import { formatRunningTime, plural } from "@/lib/format";
import { LibraryRefresher } from "./library-refresher";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "My library" };

const purchaseDate = new Intl.DateTimeFormat("en-GB", { dateStyle: "long" });

export default async function LibraryPage() {
  const session = await getSession();
  if (!session) {
    const signIn = `${env.STORE_URL}/signin?returnTo=${encodeURIComponent(musicUrl("/library"))}`;
    return (
      <div className="container-music py-20">
        <div className="mx-auto max-w-xl rounded-3xl border border-white/5 bg-night-850 px-6 py-14 text-center shadow-glow sm:px-12">
          <LibraryIcon className="mx-auto h-10 w-10 text-accent-300" />
          <h1 className="headline mt-5 text-4xl sm:text-5xl">Your library</h1>
          <p className="mt-4 text-haze-300">
            Sign in to listen to the albums you bought, every track in full, on any device.
          </p>
          <a
            href={signIn}
            className="bg-brand mt-8 inline-flex items-center gap-2 rounded-full px-7 py-3 font-semibold text-white shadow-glow transition-transform hover:scale-[1.03]"
          >
            Sign in <ArrowIcon className="h-4 w-4" />
          </a>
          <p className="mt-6 text-sm text-haze-400">
            New here?{" "}
            <Link href="/albums" className="text-accent-300 underline-offset-4 hover:underline">
              Browse the albums
            </Link>{" "}
            and listen to a preview of every track.
          </p>
        </div>
      </div>
    );
  }

  const albums = libraryOf(getDb(), session.sub);
  const tracks = albums.reduce((n, a) => n + a.trackCount, 0);
  const seconds = albums.reduce((n, a) => n + a.durationSeconds, 0);

  return (
    <div className="container-music pt-12">
      <LibraryRefresher count={albums.length} />
      <p className="eyebrow">Yours to keep</p>
      <h1 className="headline mt-2 text-5xl sm:text-6xl">My library</h1>
      <p className="mt-3 text-haze-400" data-testid="library-summary">
        {albums.length > 0
          ? `${plural(albums.length, "album")} · ${plural(tracks, "track")} · ${formatRunningTime(seconds)} of music`
          : "No albums yet"}
      </p>

      {albums.length === 0 ? (
        <div className="mt-10 rounded-3xl border border-dashed border-white/10 px-6 py-20 text-center">
          <p className="headline text-3xl">Nothing on your shelf yet.</p>
          <p className="mx-auto mt-3 max-w-lg text-haze-400">
            Albums you buy at the store appear here a moment after your order is confirmed — this page updates
            by itself. Then every track plays in full.
          </p>
          <Link
            href="/albums"
            className="bg-brand mt-8 inline-flex items-center gap-2 rounded-full px-6 py-3 font-semibold text-white shadow-glow"
          >
            Find something to love <ArrowIcon className="h-4 w-4" />
          </Link>
        </div>
      ) : (
        <ul className="mt-10 space-y-10">
          {albums.map((album) => {
            const playerAlbum = {
              id: album.id,
              title: album.title,
              artist: album.artist,
              cover: coverPath(album.id),
              year: album.year,
              durationSeconds: album.durationSeconds,
            };
            return (
              <li
                key={album.id}
                data-testid="library-album"
                data-album-id={album.id}
                className="grid gap-6 rounded-3xl border border-white/5 bg-night-850 p-5 sm:p-7 lg:grid-cols-[14rem_1fr]"
              >
                <div className="flex gap-5 lg:block">
                  {/* biome-ignore lint/performance/noImgElement: generated SVG cover */}
                  <img
                    src={coverPath(album.id)}
                    alt=""
                    width={600}
                    height={600}
                    loading="lazy"
                    className="aspect-square w-28 shrink-0 rounded-2xl shadow-xl shadow-black/50 sm:w-40 lg:w-full"
                  />
                  <div className="min-w-0 lg:mt-5">
                    <h2 className="headline text-2xl break-words">
                      {album.onSale ? (
                        <Link href={`/albums/${album.id}`} className="hover:underline underline-offset-4">
                          {album.title}
                        </Link>
                      ) : (
                        album.title
                      )}
                    </h2>
                    <p className="mt-1 text-haze-300">{album.artist}</p>
                    <p className="mt-2 text-sm text-haze-500">
                      Bought {purchaseDate.format(new Date(album.grantedAt))}
                      {!album.onSale && " · no longer on sale, still yours"}
                    </p>
                    <div className="mt-4">
                      <PlayAlbumButton album={playerAlbum} tracks={album.tracks} full label="Play" />
                    </div>
                  </div>
                </div>
                <div className="min-w-0">
                  <TrackList album={playerAlbum} tracks={album.tracks} full />
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
