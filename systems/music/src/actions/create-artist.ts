"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { createArtist, createArtistSchema } from "@/domain/artists";
import { adminAction } from "@/lib/admin-action";

export const createArtistAction = adminAction(
  createArtistSchema,
  (form) => ({ name: form.get("name") ?? "", bio: form.get("bio") ?? "" }),
  (input) => {
    const artist = createArtist(getDb(), input);
    redirect(`/admin/artists?notice=created&artist=${artist.id}`);
  },
);
