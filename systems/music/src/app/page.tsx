import Link from "next/link";
import { AlbumGrid } from "@/components/album-card";
import { ArtistAvatar } from "@/components/artist-avatar";
import { GenreTiles } from "@/components/genre-tiles";
import { ArrowIcon, BagIcon } from "@/components/icons";
import { SectionHeading } from "@/components/section-heading";
import { getDb } from "@/db/client";
import { listAlbums, listGenres } from "@/db/queries/albums";
import { listArtists } from "@/db/queries/artists";
import { coverPath } from "@/domain/album-events";
import { formatPrice, formatRunningTime, plural } from "@/lib/format";
import { storeAlbumUrl } from "@/lib/store-links";

export const dynamic = "force-dynamic";

export default function HomePage() {
  const db = getDb();
  const albums = listAlbums(db, { status: "published", limit: 13 });
  const artists = listArtists(db)
    .filter((a) => a.publishedAlbums > 0)
    .slice(0, 12);
  const genres = listGenres(db);
  const [featured, ...rest] = albums;

  if (!featured) {
    return (
      <div className="container-music py-24 text-center">
        <p className="eyebrow">Waveline</p>
        <h1 className="headline mt-3 text-5xl">The shelves are being stocked.</h1>
        <p className="mx-auto mt-4 max-w-md text-haze-400">
          No albums are published yet. Label managers can add the first one from the back office.
        </p>
      </div>
    );
  }

  return (
    <>
      <section aria-labelledby="featured-title" className="relative isolate overflow-hidden">
        {/* The featured cover, blurred, lights the whole hero. */}
        <div aria-hidden="true" className="absolute inset-0 -z-10">
          {/* biome-ignore lint/performance/noImgElement: generated SVG cover */}
          <img
            src={coverPath(featured.id)}
            alt=""
            className="h-full w-full scale-125 object-cover opacity-45 blur-3xl saturate-150"
          />
          <div className="absolute inset-0 bg-gradient-to-b from-night-950/30 via-night-950/70 to-night-950" />
        </div>
        <div className="container-music grid items-center gap-10 py-14 md:grid-cols-[1fr_auto] md:py-20">
          <div className="max-w-2xl">
            <p className="eyebrow">Featured new release</p>
            <h1 id="featured-title" className="headline mt-4 text-5xl sm:text-6xl lg:text-7xl">
              {featured.title}
            </h1>
            <p className="mt-4 text-xl text-haze-300">
              by{" "}
              <Link
                href={`/artists/${featured.artistId}`}
                className="font-semibold text-white underline-offset-4 hover:underline"
              >
                {featured.artist}
              </Link>
            </p>
            <p className="mt-2 text-sm text-haze-400">
              {featured.genre} · {featured.year} · {plural(featured.trackCount, "track")},{" "}
              {formatRunningTime(featured.durationSeconds)}
            </p>
            <div className="mt-8 flex flex-wrap items-center gap-3">
              <Link
                href={`/albums/${featured.id}`}
                className="bg-brand inline-flex items-center gap-2 rounded-full px-6 py-3 font-semibold text-white shadow-glow transition-transform hover:scale-[1.03]"
              >
                See the tracklist <ArrowIcon className="h-4 w-4" />
              </Link>
              <a
                href={storeAlbumUrl(featured)}
                className="inline-flex items-center gap-2 rounded-full border border-white/20 px-6 py-3 font-semibold text-white hover:bg-white/10"
              >
                <BagIcon className="h-4 w-4" /> Buy at store · {formatPrice(featured.priceCents)}
              </a>
            </div>
          </div>
          <Link
            href={`/albums/${featured.id}`}
            className="group relative mx-auto block w-64 sm:w-80 lg:w-96"
            aria-label={`${featured.title} by ${featured.artist}`}
          >
            {/* biome-ignore lint/performance/noImgElement: generated SVG cover */}
            <img
              src={coverPath(featured.id)}
              alt=""
              width={600}
              height={600}
              className="aspect-square w-full rotate-2 rounded-2xl shadow-2xl shadow-black/70 ring-1 ring-white/10 transition-transform duration-500 group-hover:rotate-0"
            />
          </Link>
        </div>
      </section>

      <div className="container-music space-y-16">
        {rest.length > 0 && (
          <section aria-labelledby="new-releases">
            <SectionHeading
              id="new-releases"
              kicker="Fresh on Waveline"
              title="New releases"
              link={{ href: "/albums", label: "All albums" }}
            />
            <AlbumGrid albums={rest.slice(0, 10)} eager={5} />
          </section>
        )}

        {artists.length > 0 && (
          <section aria-labelledby="artists-heading">
            <SectionHeading
              id="artists-heading"
              kicker="Meet the artists"
              title="Artists on Waveline"
              link={{ href: "/artists", label: "All artists" }}
            />
            <ul className="-mx-4 flex snap-x gap-2 overflow-x-auto px-4 pb-2 [scrollbar-width:thin]">
              {artists.map((artist) => (
                <li key={artist.id} className="w-36 shrink-0 snap-start sm:w-44">
                  <ArtistAvatar artist={artist} detail={plural(artist.publishedAlbums, "album")} />
                </li>
              ))}
            </ul>
          </section>
        )}

        {genres.length > 0 && (
          <section aria-labelledby="genres-heading">
            <SectionHeading id="genres-heading" kicker="Find your sound" title="Browse by genre" />
            <GenreTiles genres={genres} />
          </section>
        )}
      </div>
    </>
  );
}
