/** GET /api/offers: store's copies of what catalog and music sell, from store's own database. */
import { apiRoute, readQuery } from "@scs/web/api";
import { z } from "zod";
import { getDb } from "@/db/client";
import { listOffers } from "@/db/queries/offers";
import { offerSources } from "@/db/schema";
import { resolveImageUrl } from "@/domain/offers";
import { env } from "@/env";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  source: z.enum(offerSources).optional(),
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const ownerUrl = { catalog: env.CATALOG_URL, music: env.MUSIC_URL } as const;

export const GET = apiRoute("/api/offers", (request) => {
  const { source, q, limit } = readQuery(request, querySchema);
  const items = listOffers(getDb(), { source, q, limit, sort: "title" }).map((offer) => ({
    source: offer.source,
    itemId: offer.itemId,
    title: offer.title,
    priceCents: offer.priceCents,
    currency: offer.currency,
    available: offer.available,
    version: offer.version,
    image: resolveImageUrl(offer.image, ownerUrl[offer.source]),
    category: offer.category,
  }));
  return Response.json({ items }, { headers: { "cache-control": "no-store" } });
});
