"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { updateArtist, updateArtistSchema } from "@/domain/artists";
import { action } from "@/lib/action";

const updateArtistFormSchema = updateArtistSchema.extend({ id: z.string().min(1).max(100) });

export const updateArtistAction = action({
  access: "administrator",
  schema: updateArtistFormSchema,
  read: (form) => ({
    id: form.get("id"),
    name: form.get("name") ?? "",
    bio: form.get("bio") ?? "",
    version: Number(form.get("version")) || undefined,
  }),
  run: ({ id, ...input }) => {
    updateArtist(getDb(), id, input);
    redirect(`/admin/artists/${id}?saved=1`);
  },
});
