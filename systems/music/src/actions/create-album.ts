"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { createAlbum, createAlbumSchema } from "@/domain/albums";
import { action } from "@/lib/action";
import { readCreateAlbumForm } from "@/lib/album-form";

export const createAlbumAction = action({
  access: "administrator",
  schema: createAlbumSchema,
  read: readCreateAlbumForm,
  run: (input) => {
    const album = createAlbum(getDb(), input);
    redirect(`/admin?notice=created&album=${album.id}`);
  },
});
