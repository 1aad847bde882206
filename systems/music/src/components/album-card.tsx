import Link from "next/link";
import { coverPath } from "@/domain/album-events";
import { formatPrice } from "@/lib/format";

export interface AlbumCardData {
  id: string;
  title: string;
  artist: string;
  year: number;
  priceCents: number;
}

/** A cover with its title, artist and price; the whole card is one link. */
export function AlbumCard({ album, priority = false }: { album: AlbumCardData; priority?: boolean }) {
  return (
    <Link
      href={`/albums/${album.id}`}
      className="group block rounded-2xl p-2 transition-colors hover:bg-white/5 focus-visible:bg-white/5"
    >
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
      </div>
      <div className="mt-3 px-1">
        <p className="truncate font-semibold text-white">{album.title}</p>
        <p className="truncate text-sm text-haze-400">{album.artist}</p>
        <p className="mt-1 flex items-center gap-2 text-sm">
          <span className="font-semibold text-white tabular-nums">{formatPrice(album.priceCents)}</span>
          <span aria-hidden="true" className="text-haze-500">
            ·
          </span>
          <span className="text-haze-500">{album.year}</span>
        </p>
      </div>
    </Link>
  );
}

export function AlbumGrid({ albums, eager = 0 }: { albums: AlbumCardData[]; eager?: number }) {
  return (
    <ul className="grid grid-cols-2 gap-x-2 gap-y-4 sm:grid-cols-3 lg:grid-cols-4 xl:grid-cols-5">
      {albums.map((album, i) => (
        <li key={album.id}>
          <AlbumCard album={album} priority={i < eager} />
        </li>
      ))}
    </ul>
  );
}
