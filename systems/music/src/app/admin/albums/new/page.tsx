import type { Metadata } from "next";
import { createAlbumAction } from "@/actions/create-album";
import { requireAdminPage } from "@/auth/session";
import { getDb } from "@/db/client";
import { listGenres } from "@/db/queries/albums";
import { listArtists } from "@/db/queries/artists";
import { AdminNav } from "../../admin-nav";
import { AlbumForm } from "../album-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New album · Back office" };

export default async function NewAlbumPage() {
  await requireAdminPage("/admin/albums/new");
  const db = getDb();
  return (
    <>
      <AdminNav
        current="none"
        title="New album"
        intro="Name the artist (an existing one, or a new name creates the artist), add the tracks, set a price. Published albums go on sale at the store right away."
      />
      <div className="container-music pt-8">
        <div className="max-w-4xl">
          <AlbumForm
            action={createAlbumAction}
            artists={listArtists(db).map((a) => a.name)}
            genres={listGenres(db).map((g) => g.genre)}
          />
        </div>
      </div>
    </>
  );
}
