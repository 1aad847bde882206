/** GET /images/artists/{artistId}.svg: the artist's generated portrait. */
import { apiRoute, jsonError } from "@scs/web/api";
import { getDb } from "@/db/client";
import { findArtist } from "@/db/queries/artists";
import { renderPortrait } from "@/domain/cover-art";
import { idFromSvgFile, svgResponse } from "@/lib/svg-response";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ params: Promise<{ file: string }> }>(
  "/images/artists/[id]",
  async (request, { params }) => {
    const id = idFromSvgFile((await params).file);
    const artist = id ? findArtist(getDb(), id) : undefined;
    if (!artist) return jsonError(404, "No such artist");
    return svgResponse(request, renderPortrait(artist), `"artist-${artist.id}-v${artist.version}"`);
  },
);
