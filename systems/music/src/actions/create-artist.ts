"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { createArtist, createArtistSchema } from "@/domain/artists";
import { action } from "@/lib/action";

export const createArtistAction = action({
  access: "administrator",
  schema: createArtistSchema,
  read: (form) => ({ name: form.get("name") ?? "", bio: form.get("bio") ?? "" }),
  run: (input) => {
    const artist = createArtist(getDb(), input);
    redirect(`/admin/artists?notice=created&artist=${artist.id}`);
  },
});
