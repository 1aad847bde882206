/**
 * GET /api/albums/{id} — the album with its tracks (drafts: administrators only, else 404).
 * PATCH /api/albums/{id} — administrators: any of title, year, genre, priceCents, published, tracks
 * (and `version` to refuse a stale edit with 409) → 200 with the album.
 * DELETE /api/albums/{id}[?version=n] — administrators → 204.
 */
import { ApiError, apiRoute, readJson, readQuery } from "@scs/web/api";
import { z } from "zod";
import { isAdminRequest, requireApiAdmin } from "@/auth/session";
import { getDb } from "@/db/client";
import {
  deleteAlbum,
  deleteAlbumSchema,
  getAlbumDetail,
  updateAlbum,
  updateAlbumSchema,
} from "@/domain/albums";
import { asApi } from "@/lib/api-errors";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute<Context>("/api/albums/[id]", async (request, { params }) => {
  const album = getAlbumDetail(getDb(), (await params).id);
  if (!album || (!album.published && !(await isAdminRequest(request))))
    throw new ApiError(404, "No such album");
  return Response.json(album, { headers: { "cache-control": "no-store" } });
});

export const PATCH = apiRoute<Context>("/api/albums/[id]", async (request, { params }) => {
  await requireApiAdmin(request);
  const { id } = await params;
  const changes = await readJson(request, updateAlbumSchema);
  return Response.json(asApi(() => updateAlbum(getDb(), id, changes)));
});

/** The same rule as the body schema, read from the query string. */
const deleteQuerySchema = z.object({ version: z.coerce.number().optional() }).pipe(deleteAlbumSchema);

export const DELETE = apiRoute<Context>("/api/albums/[id]", async (request, { params }) => {
  await requireApiAdmin(request);
  const { id } = await params;
  const { version } = readQuery(request, deleteQuerySchema);
  asApi(() => deleteAlbum(getDb(), id, { version }));
  return new Response(null, { status: 204 });
});
