"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { updateAlbum, updateAlbumSchema } from "@/domain/albums";
import { adminAction } from "@/lib/admin-action";
import { readUpdateAlbumForm } from "@/lib/album-form";

const idSchema = z.string().min(1).max(100);

export const updateAlbumAction = adminAction(updateAlbumSchema, readUpdateAlbumForm, (input, { form }) => {
  const id = idSchema.parse(form.get("id"));
  updateAlbum(getDb(), id, input);
  redirect(`/admin/albums/${id}?saved=1`);
});
