/**
 * GET /api/albums — published albums with artist and price (`q`, `genre`, `artistId`, `limit`;
 * `status=all` adds drafts, administrators only).
 * POST /api/albums — administrators: `{title,artist,priceCents,tracks:[{title,durationSeconds}]}`
 * (optional `year`, `genre`, `published`) → 201 with the album, published unless said otherwise.
 */
import { apiRoute, readJson, readQuery } from "@scs/web/api";
import { z } from "zod";
import { requireApiAdmin } from "@/auth/session";
import { getDb } from "@/db/client";
import { listAlbums } from "@/db/queries/albums";
import { createAlbum, createAlbumSchema, toAlbumView } from "@/domain/albums";
import { asApi } from "@/lib/api-errors";

export const dynamic = "force-dynamic";

const listQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
  genre: z.string().trim().max(60).optional(),
  artistId: z.string().max(100).optional(),
  status: z.enum(["published", "all"]).default("published"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const GET = apiRoute("/api/albums", async (request) => {
  const query = readQuery(request, listQuerySchema);
  if (query.status === "all") await requireApiAdmin(request);
  const items = listAlbums(getDb(), {
    ...query,
    q: query.q || undefined,
    genre: query.genre || undefined,
  }).map(toAlbumView);
  return Response.json({ items }, { headers: { "cache-control": "no-store" } });
});

export const POST = apiRoute("/api/albums", async (request) => {
  await requireApiAdmin(request);
  const input = await readJson(request, createAlbumSchema);
  const album = asApi(() => createAlbum(getDb(), input));
  return Response.json(album, { status: 201, headers: { location: `/api/albums/${album.id}` } });
});
