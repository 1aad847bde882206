import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { requireAdminPage } from "@/auth/session";
import { getDb } from "@/db/client";
import { listAlbums } from "@/db/queries/albums";
import { countArtists } from "@/db/queries/artists";
import { countPendingEvents } from "@/db/queries/outbox";
import { coverPath } from "@/domain/album-events";
import { formatPrice, formatRunningTime } from "@/lib/format";
import { AdminNav } from "./admin-nav";
import { PublishToggle } from "./publish-toggle";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Back office" };

const noticeSchema = z.object({
  notice: z.enum(["created", "deleted", "published", "unpublished"]).optional().catch(undefined),
  album: z.string().max(100).optional().catch(undefined),
});

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });

export default async function AdminPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdminPage("/admin");
  const { notice, album: noticeAlbum } = noticeSchema.parse(await searchParams);
  const db = getDb();
  const albums = listAlbums(db, { status: "all" });
  const published = albums.filter((a) => a.published).length;
  const noticed = albums.find((a) => a.id === noticeAlbum);
  const noticeText = {
    created: `“${noticed?.title ?? "The album"}” was created${noticed?.published ? " and published: the store offers it within seconds" : " as a draft"}.`,
    deleted: "The album was deleted and withdrawn from the store.",
    published: `“${noticed?.title ?? "The album"}” is published: the store offers it within seconds.`,
    unpublished: `“${noticed?.title ?? "The album"}” is unpublished: the store withdraws it within seconds.`,
  };
  const stats = [
    { label: "Published", value: published },
    { label: "Drafts", value: albums.length - published },
    { label: "Artists", value: countArtists(db) },
    { label: "Events waiting for the broker", value: countPendingEvents(db) },
  ];

  return (
    <>
      <AdminNav
        current="albums"
        title="Albums"
        intro="Everything Waveline sells. Changes reach the store within seconds: published albums are offered, drafts and deleted albums are withdrawn."
      />
      <div className="container-music pt-8">
        {notice && (
          <p
            role="status"
            className="mb-6 rounded-2xl border border-emerald-400/30 bg-emerald-400/10 px-4 py-3 text-sm text-emerald-300"
          >
            {noticeText[notice]}
          </p>
        )}
        <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          {stats.map((s) => (
            <div key={s.label} className="rounded-2xl border border-white/5 bg-night-850 px-5 py-4">
              <dt className="text-sm text-haze-400">{s.label}</dt>
              <dd className="headline mt-1 text-3xl tabular-nums">{s.value}</dd>
            </div>
          ))}
        </dl>

        <div className="mt-8 overflow-x-auto rounded-3xl border border-white/5 bg-night-850">
          <table className="w-full min-w-[52rem] text-left text-sm">
            <caption className="sr-only">All albums, newest release first</caption>
            <thead>
              <tr className="border-b border-white/5 text-xs tracking-[0.12em] text-haze-500 uppercase">
                <th scope="col" className="py-3 pr-3 pl-5 font-medium">
                  Album
                </th>
                <th scope="col" className="px-3 py-3 font-medium">
                  Genre · year
                </th>
                <th scope="col" className="px-3 py-3 text-right font-medium">
                  Tracks
                </th>
                <th scope="col" className="px-3 py-3 text-right font-medium">
                  Price
                </th>
                <th scope="col" className="px-3 py-3 font-medium">
                  Status
                </th>
                <th scope="col" className="px-3 py-3 font-medium">
                  Last change
                </th>
                <th scope="col" className="py-3 pr-5 pl-3 text-right font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {albums.map((album) => (
                <tr key={album.id} className="border-b border-white/5 last:border-0 hover:bg-white/[0.03]">
                  <td className="py-3 pr-3 pl-5">
                    <div className="flex items-center gap-3">
                      {/* biome-ignore lint/performance/noImgElement: generated SVG cover */}
                      <img
                        src={coverPath(album.id)}
                        alt=""
                        width={44}
                        height={44}
                        loading="lazy"
                        className="h-11 w-11 rounded-lg"
                      />
                      <div className="min-w-0">
                        <Link
                          href={`/admin/albums/${album.id}`}
                          className="block truncate font-semibold text-white hover:underline underline-offset-4"
                        >
                          {album.title}
                        </Link>
                        <span className="block truncate text-haze-400">{album.artist}</span>
                      </div>
                    </div>
                  </td>
                  <td className="px-3 py-3 text-haze-300">
                    {album.genre} · {album.year}
                  </td>
                  <td className="px-3 py-3 text-right text-haze-300 tabular-nums">
                    {album.trackCount}{" "}
                    <span className="text-haze-500">({formatRunningTime(album.durationSeconds)})</span>
                  </td>
                  <td className="px-3 py-3 text-right font-semibold tabular-nums">
                    {formatPrice(album.priceCents)}
                  </td>
                  <td className="px-3 py-3">
                    {album.published ? (
                      <span className="inline-flex items-center gap-1.5 rounded-full bg-emerald-400/10 px-2.5 py-1 text-xs font-semibold text-emerald-300">
                        <span aria-hidden="true" className="h-1.5 w-1.5 rounded-full bg-emerald-300" />{" "}
                        Published
                      </span>
                    ) : (
                      <span className="inline-flex items-center gap-1.5 rounded-full bg-amber-400/10 px-2.5 py-1 text-xs font-semibold text-amber-300">
                        <span aria-hidden="true" className="h-1.5 w-1.5 rounded-full bg-amber-300" /> Draft
                      </span>
                    )}
                  </td>
                  <td className="px-3 py-3 text-haze-400">
                    {dateTime.format(album.updatedAt)}{" "}
                    <span className="text-haze-500">· v{album.version}</span>
                  </td>
                  <td className="py-3 pr-5 pl-3">
                    <div className="flex items-start justify-end gap-2 whitespace-nowrap">
                      <PublishToggle album={album} from="list" />
                      <Link
                        href={`/admin/albums/${album.id}`}
                        className="rounded-full border border-white/10 px-3.5 py-1.5 font-semibold text-haze-300 hover:border-accent-400 hover:text-white"
                      >
                        Edit<span className="sr-only"> {album.title}</span>
                      </Link>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {albums.length === 0 && (
            <p className="px-5 py-16 text-center text-haze-400">
              No albums yet.{" "}
              <Link href="/admin/albums/new" className="text-accent-300 underline-offset-4 hover:underline">
                Create the first one
              </Link>
              .
            </p>
          )}
        </div>
      </div>
    </>
  );
}
