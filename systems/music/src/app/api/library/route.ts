/**
 * GET /api/library — the signed-in customer's albums (granted by confirmed store orders), newest
 * first, each with its tracks and their audio URLs (`preview`, and `full` for owners). 401 when signed out.
 */
import { apiRoute } from "@scs/web/api";
import { requireApiSession } from "@/auth/session";
import { getDb } from "@/db/client";
import { audioPath } from "@/domain/albums";
import { libraryOf } from "@/domain/library";
import { env } from "@/env";

export const dynamic = "force-dynamic";

export const GET = apiRoute("/api/library", async (request) => {
  const session = await requireApiSession(request, "see your library");
  const items = libraryOf(getDb(), session.sub).map((album) => ({
    ...album,
    tracks: album.tracks.map((track) => ({
      ...track,
      full: `${env.MUSIC_URL}${audioPath(track.id, "full")}`,
    })),
  }));
  return Response.json({ items }, { headers: { "cache-control": "private, no-store" } });
});
