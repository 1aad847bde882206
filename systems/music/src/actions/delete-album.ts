"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { deleteAlbum, deleteAlbumSchema } from "@/domain/albums";
import { adminAction } from "@/lib/admin-action";

const deleteFormSchema = deleteAlbumSchema.extend({ id: z.string().min(1).max(100) });

export const deleteAlbumAction = adminAction(
  deleteFormSchema,
  (form) => ({ id: form.get("id"), version: Number(form.get("version")) || undefined }),
  ({ id, version }) => {
    deleteAlbum(getDb(), id, { version });
    redirect("/admin?notice=deleted");
  },
);
