"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { createAlbum, createAlbumSchema } from "@/domain/albums";
import { adminAction } from "@/lib/admin-action";
import { readCreateAlbumForm } from "@/lib/album-form";

export const createAlbumAction = adminAction(createAlbumSchema, readCreateAlbumForm, (input) => {
  const album = createAlbum(getDb(), input);
  redirect(`/admin?notice=created&album=${album.id}`);
});
