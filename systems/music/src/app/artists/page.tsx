import type { Metadata } from "next";
import { ArtistAvatar } from "@/components/artist-avatar";
import { getDb } from "@/db/client";
import { listArtists } from "@/db/queries/artists";
import { plural } from "@/lib/format";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Artists" };

export default function ArtistsPage() {
  const artists = listArtists(getDb()).filter((artist) => artist.publishedAlbums > 0);
  return (
    <div className="container-music pt-12">
      <p className="eyebrow">The roster</p>
      <h1 className="headline mt-2 text-5xl sm:text-6xl">Artists</h1>
      <p className="mt-3 max-w-xl text-haze-400">
        {plural(artists.length, "artist")} releasing on Waveline, from bedroom producers to touring bands.
      </p>
      {artists.length > 0 ? (
        <ul className="mt-10 grid grid-cols-2 gap-2 sm:grid-cols-3 md:grid-cols-4 lg:grid-cols-6">
          {artists.map((artist) => (
            <li key={artist.id}>
              <ArtistAvatar artist={artist} detail={plural(artist.publishedAlbums, "album")} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-10 rounded-3xl border border-dashed border-white/10 px-6 py-20 text-center text-haze-400">
          No artist has a published album yet.
        </p>
      )}
    </div>
  );
}
