import Link from "next/link";
import { getSession } from "@/auth/session";
import { AddToCartForm } from "@/components/add-to-cart-form";
import { AlbumGrid } from "@/components/album-card";
import { ArtistAvatar } from "@/components/artist-avatar";
import { CoverBackdrop } from "@/components/cover-backdrop";
import { GenreTiles } from "@/components/genre-tiles";
import { ArrowIcon } from "@/components/icons";
import { PlayAlbumButton } from "@/components/player/track-list";
import { SectionHeading } from "@/components/section-heading";
import { getDb } from "@/db/client";
import { listAlbums, listGenres } from "@/db/queries/albums";
import { listArtists } from "@/db/queries/artists";
import { coverPath } from "@/domain/album-events";
import { getAlbumDetail } from "@/domain/albums";
import { coverStyle } from "@/domain/cover-art";
import { ownsAlbum } from "@/domain/library";
import { formatPrice, formatRunningTime, plural } from "@/lib/format";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const db = getDb();
  const session = await getSession();
  const albums = listAlbums(db, { status: "published", limit: 13 });
  const artists = listArtists(db)
    .filter((a) => a.publishedAlbums > 0)
    .slice(0, 12);
  const genres = listGenres(db);
  const [featured, ...rest] = albums;
  const featuredDetail = featured && getAlbumDetail(db, featured.id);
  const featuredOwned = !!featured && session !== null && ownsAlbum(db, session.sub, featured.id);

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
        {/* The featured cover's palette lights the whole hero. */}
        <CoverBackdrop
          palette={coverStyle(featured.id).palette}
          light={{ strength: 0.45, saturate: 1.5, fade: [0.3, 0.7] }}
        />
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
              {featuredDetail && (
                <PlayAlbumButton
                  album={{
                    id: featured.id,
                    title: featured.title,
                    artist: featured.artist,
                    cover: coverPath(featured.id),
                    year: featured.year,
                    durationSeconds: featured.durationSeconds,
                  }}
                  tracks={featuredDetail.tracks}
                  full={featuredOwned}
                  label={featuredOwned ? "Play album" : "Play previews"}
                />
              )}
              {featuredOwned ? (
                <Link
                  href="/library"
                  className="rounded-full border border-white/20 px-6 py-3 font-semibold text-white hover:bg-white/10"
                >
                  In your library
                </Link>
              ) : (
                <>
                  <AddToCartForm albumId={featured.id} returnTo={`/albums/${featured.id}`} />
                  <span className="headline text-2xl tabular-nums">{formatPrice(featured.priceCents)}</span>
                </>
              )}
            </div>
            <Link
              href={`/albums/${featured.id}`}
              className="mt-5 inline-flex items-center gap-1.5 text-sm font-semibold text-haze-300 hover:text-white"
            >
              See the tracklist <ArrowIcon className="h-3.5 w-3.5" />
            </Link>
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
