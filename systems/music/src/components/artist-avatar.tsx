import Link from "next/link";
import { portraitPath } from "@/domain/artists";

/** An artist's round portrait with their name: one link to the artist's page. */
export function ArtistAvatar({ artist, detail }: { artist: { id: string; name: string }; detail?: string }) {
  return (
    <Link
      href={`/artists/${artist.id}`}
      className="group flex flex-col items-center rounded-2xl p-3 text-center transition-colors hover:bg-white/5"
    >
      {/* biome-ignore lint/performance/noImgElement: generated SVG portraits need no optimisation */}
      <img
        src={portraitPath(artist.id)}
        alt=""
        width={600}
        height={600}
        loading="lazy"
        className="aspect-square w-full rounded-full shadow-lg shadow-black/50 ring-1 ring-white/10 transition-transform duration-500 group-hover:scale-[1.04]"
      />
      <span className="mt-3 line-clamp-2 font-semibold text-white">{artist.name}</span>
      {detail && <span className="text-sm text-haze-400">{detail}</span>}
    </Link>
  );
}
