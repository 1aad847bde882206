import Link from "next/link";
import { getDb } from "@/db/client";
import { openingTracks, type TrackRow } from "@/db/queries/tracks";
import { coverPath } from "@/domain/album-events";
import { formatPrice } from "@/lib/format";
import { CoverPlayButton } from "./player/cover-play-button";

export interface AlbumCardData {
  id: string;
  title: string;
  artist: string;
  year: number;
  priceCents: number;
  durationSeconds: number;
}

/**
 * A cover with its title, artist and price. The title's link stretches over the whole card; the
 * play button on the cover sits above it and plays a preview of the opening track.
 */
export function AlbumCard({
  album,
  opening,
  priority = false,
}: {
  album: AlbumCardData;
  opening?: TrackRow;
  priority?: boolean;
}) {
  return (
    <div className="group relative rounded-2xl p-2 transition-colors focus-within:bg-white/5 hover:bg-white/5">
      <div className="relative aspect-square overflow-hidden rounded-xl bg-night-800 shadow-lg shadow-black/40">
        {/* biome-ignore lint/performance/noImgElement: generated SVG covers need no optimisation */}
        <img
          src={coverPath(album.id)}
          alt=""
          width={600}
          height={600}
          loading={priority ? "eager" : "lazy"}
          className="h-full w-full object-cover transition-transform duration-500 group-hover:scale-[1.04]"
        />
        {opening && (
          <CoverPlayButton
            album={{
              id: album.id,
              title: album.title,
              artist: album.artist,
              cover: coverPath(album.id),
              year: album.year,
              durationSeconds: album.durationSeconds,
            }}
            track={opening}
          />
        )}
      </div>
      <div className="mt-3 px-1">
        <Link
          href={`/albums/${album.id}`}
          className="block truncate font-semibold text-white outline-none after:absolute after:inset-0 after:rounded-2xl focus-visible:after:ring-2 focus-visible:after:ring-accent-400"
        >
          {album.title}
        </Link>
        <p className="truncate text-sm text-haze-400">{album.artist}</p>
        <p className="mt-1 flex items-center gap-2 text-sm">
          <span className="font-semibold text-white tabular-nums">{formatPrice(album.priceCents)}</span>
          <span aria-hidden="true" className="text-haze-500">
            ·
          </span>
          <span className="text-haze-500">{album.year}</span>
        </p>
      </div>
    </div>
  );
}

export function AlbumGrid({ albums, eager = 0 }: { albums: AlbumCardData[]; eager?: number }) {
  const openings = openingTracks(
    getDb(),
    albums.map((a) => a.id),
  );
  return (
    <ul className="grid grid-cols-2 gap-x-2 gap-y-4 sm:grid-cols-3 lg:grid-cols-4 xl:grid-cols-5">
      {albums.map((album, i) => (
        <li key={album.id}>
          <AlbumCard album={album} opening={openings.get(album.id)} priority={i < eager} />
        </li>
      ))}
    </ul>
  );
}
