"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { deleteAlbum, deleteAlbumSchema } from "@/domain/albums";
import { action } from "@/lib/action";

const deleteFormSchema = deleteAlbumSchema.extend({ id: z.string().min(1).max(100) });

export const deleteAlbumAction = action({
  access: "administrator",
  schema: deleteFormSchema,
  read: (form) => ({ id: form.get("id"), version: Number(form.get("version")) || undefined }),
  run: ({ id, version }) => {
    deleteAlbum(getDb(), id, { version });
    redirect("/admin?notice=deleted");
  },
});
