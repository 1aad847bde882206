"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { updateAlbum, updateAlbumSchema } from "@/domain/albums";
import { action } from "@/lib/action";
import { readUpdateAlbumForm } from "@/lib/album-form";

// The album's id is part of the form's input, so a bad one is an answer on the form, not a 500.
const updateFormSchema = updateAlbumSchema.safeExtend({ id: z.string().min(1).max(100) });

export const updateAlbumAction = action({
  access: "administrator",
  schema: updateFormSchema,
  read: (form) => ({ ...readUpdateAlbumForm(form), id: form.get("id") }),
  run: ({ id, ...input }) => {
    updateAlbum(getDb(), id, input);
    redirect(`/admin/albums/${id}?saved=1`);
  },
});
