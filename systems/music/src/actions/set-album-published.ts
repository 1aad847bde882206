"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { updateAlbum } from "@/domain/albums";
import { action } from "@/lib/action";

const publishFormSchema = z.object({
  id: z.string().min(1).max(100),
  published: z.boolean(),
  version: z.int().positive().optional(),
  /** Where the button was: the album table or the album's own page. */
  from: z.enum(["list", "album"]),
});

/** Publish or unpublish in one click: the store offers or withdraws the album within seconds. */
export const setAlbumPublishedAction = action({
  access: "administrator",
  schema: publishFormSchema,
  read: (form) => ({
    id: form.get("id"),
    published: form.get("published") === "true",
    version: Number(form.get("version")) || undefined,
    from: form.get("from"),
  }),
  run: ({ id, published, version, from }) => {
    updateAlbum(getDb(), id, { published, version });
    const notice = published ? "published" : "unpublished";
    redirect(
      from === "album" ? `/admin/albums/${id}?saved=${notice}` : `/admin?notice=${notice}&album=${id}`,
    );
  },
});
