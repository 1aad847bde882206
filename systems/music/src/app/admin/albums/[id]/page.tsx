import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { updateAlbumAction } from "@/actions/update-album";
import { requireAdminPage } from "@/auth/session";
import { getDb } from "@/db/client";
import { listGenres } from "@/db/queries/albums";
import { coverPath } from "@/domain/album-events";
import { getAlbumDetail } from "@/domain/albums";
import { AdminNav } from "../../admin-nav";
import { PublishToggle } from "../../publish-toggle";
import { AlbumForm } from "../album-form";
import { DeleteAlbum } from "./delete-album";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Edit album · Back office" };

export default async function EditAlbumPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  await requireAdminPage(`/admin/albums/${id}`);
  const db = getDb();
  const album = getAlbumDetail(db, id);
  if (!album) notFound();
  const saved = z
    .enum(["1", "published", "unpublished"])
    .optional()
    .catch(undefined)
    .parse((await searchParams).saved);

  return (
    <>
      <AdminNav current="none" title={album.title} intro={`${album.artist} · version ${album.version}`} />
      <div className="container-music grid gap-8 pt-8 lg:grid-cols-[1fr_18rem]">
        <div className="min-w-0">
          {saved && (
            <p
              role="status"
              className="mb-6 rounded-2xl border border-emerald-400/30 bg-emerald-400/10 px-4 py-3 text-sm text-emerald-300"
            >
              {saved === "published"
                ? "Published. The store offers it within seconds."
                : saved === "unpublished"
                  ? "Unpublished. The store withdraws it within seconds; buyers keep it in their libraries."
                  : album.published
                    ? "Saved. The store offers the new version within seconds."
                    : "Saved. The album is a draft: it is not on sale."}
            </p>
          )}
          <AlbumForm
            key={album.version}
            action={updateAlbumAction}
            album={{
              id: album.id,
              title: album.title,
              artist: album.artist,
              artistId: album.artistId,
              year: album.year,
              genre: album.genre,
              priceCents: album.priceCents,
              published: album.published,
              version: album.version,
              tracks: album.tracks,
            }}
            artists={[]}
            genres={listGenres(db).map((g) => g.genre)}
          />
        </div>
        <aside className="space-y-5">
          <div className="rounded-2xl border border-white/5 bg-night-850 p-4">
            <p className="text-sm text-haze-400">
              {album.published ? (
                <>
                  <span className="font-semibold text-emerald-300">Published</span> · on sale at the store
                </>
              ) : (
                <>
                  <span className="font-semibold text-amber-300">Draft</span> · not on sale
                </>
              )}
            </p>
            <div className="mt-3">
              <PublishToggle album={album} from="album" size="lg" />
            </div>
          </div>
          {/* biome-ignore lint/performance/noImgElement: generated SVG cover */}
          <img
            src={coverPath(album.id)}
            alt={`Cover of ${album.title}`}
            width={600}
            height={600}
            className="w-full rounded-2xl shadow-2xl shadow-black/60"
          />
          <p className="text-sm text-haze-400">
            The cover is generated from the album and changes with its title.
          </p>
          <Link
            href={`/albums/${album.id}`}
            className="block rounded-full border border-white/10 px-4 py-2.5 text-center text-sm font-semibold text-haze-300 hover:border-accent-400 hover:text-white"
          >
            {album.published ? "View on Waveline" : "Preview (draft)"}
          </Link>
          <DeleteAlbum id={album.id} title={album.title} version={album.version} />
        </aside>
      </div>
    </>
  );
}
