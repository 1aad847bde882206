import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdminPage } from "@/auth/session";
import { getDb } from "@/db/client";
import { listAlbums } from "@/db/queries/albums";
import { findArtist } from "@/db/queries/artists";
import { coverPath } from "@/domain/album-events";
import { portraitPath } from "@/domain/artists";
import { formatPrice } from "@/lib/format";
import { AdminNav } from "../../admin-nav";
import { ArtistForm } from "../artist-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Edit artist · Back office" };

export default async function EditArtistPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  await requireAdminPage(`/admin/artists/${id}`);
  const db = getDb();
  const artist = findArtist(db, id);
  if (!artist) notFound();
  const albums = listAlbums(db, { status: "all", artistId: id });
  const saved = (await searchParams).saved === "1";

  return (
    <>
      <AdminNav current="artists" title={artist.name} intro={`Artist · version ${artist.version}`} />
      <div className="container-music grid gap-8 pt-8 lg:grid-cols-[1fr_22rem]">
        <section
          aria-labelledby="profile"
          className="min-w-0 rounded-3xl border border-white/5 bg-night-850 p-6"
        >
          {saved && (
            <p
              role="status"
              className="mb-6 rounded-2xl border border-emerald-400/30 bg-emerald-400/10 px-4 py-3 text-sm text-emerald-300"
            >
              Saved. A new name reaches the store with every album of the artist within seconds.
            </p>
          )}
          <div className="flex items-center gap-4">
            {/* biome-ignore lint/performance/noImgElement: generated SVG portrait */}
            <img
              src={portraitPath(artist.id)}
              alt=""
              width={64}
              height={64}
              className="h-16 w-16 rounded-full"
            />
            <h2 id="profile" className="headline text-2xl">
              Profile
            </h2>
          </div>
          <div className="mt-6 max-w-2xl">
            <ArtistForm key={artist.version} artist={artist} />
          </div>
        </section>
        <aside
          aria-labelledby="discography"
          className="h-fit rounded-3xl border border-white/5 bg-night-850 p-6"
        >
          <h2 id="discography" className="headline text-2xl">
            Albums
          </h2>
          {albums.length === 0 ? (
            <p className="mt-4 text-sm text-haze-400">
              No albums yet.{" "}
              <Link href="/admin/albums/new" className="text-accent-300 underline-offset-4 hover:underline">
                Create one
              </Link>
              .
            </p>
          ) : (
            <ul className="mt-4 space-y-3">
              {albums.map((album) => (
                <li key={album.id}>
                  <Link
                    href={`/admin/albums/${album.id}`}
                    className="flex items-center gap-3 rounded-xl p-1.5 hover:bg-white/5"
                  >
                    {/* biome-ignore lint/performance/noImgElement: generated SVG cover */}
                    <img
                      src={coverPath(album.id)}
                      alt=""
                      width={44}
                      height={44}
                      className="h-11 w-11 rounded-lg"
                    />
                    <span className="min-w-0 flex-1">
                      <span className="block truncate font-semibold text-white">{album.title}</span>
                      <span className="block text-sm text-haze-400">
                        {album.year} · {formatPrice(album.priceCents)} ·{" "}
                        {album.published ? (
                          <span className="text-emerald-300">Published</span>
                        ) : (
                          <span className="text-amber-300">Draft</span>
                        )}
                      </span>
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </aside>
      </div>
    </>
  );
}
