/** GET /images/covers/{albumId}.svg: the album's generated cover (drafts and deleted albums too, for old links). */
import { apiRoute, jsonError } from "@scs/web/api";
import { getDb } from "@/db/client";
import { findAlbum } from "@/db/queries/albums";
import { renderCover } from "@/domain/cover-art";
import { idFromSvgFile, svgResponse } from "@/lib/svg-response";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ params: Promise<{ file: string }> }>(
  "/images/covers/[id]",
  async (request, { params }) => {
    const id = idFromSvgFile((await params).file);
    const album = id ? findAlbum(getDb(), id, { includeDeleted: true }) : undefined;
    if (!album) return jsonError(404, "No such cover");
    const svg = renderCover({
      id: album.id,
      title: album.title,
      artist: album.artist,
      genre: album.genre,
      year: album.year,
    });
    return svgResponse(request, svg, `"cover-${album.id}-v${album.version}"`);
  },
);
