/** GET /api/products/{id}/stock-movements (administrators): the stock history, newest first. */
import { ApiError, apiRoute, readQuery } from "@scs/web/api";
import { z } from "zod";
import { getDb } from "@/db/client";
import { findProduct } from "@/db/queries/products";
import { listStockMovements } from "@/db/queries/stock";
import { requireAdminRequest } from "@/lib/api";
import { toMovementJson } from "@/lib/stock-json";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

const querySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const GET = apiRoute<Context>("/api/products/[id]/stock-movements", async (request, { params }) => {
  await requireAdminRequest(request);
  const { id } = await params;
  if (!findProduct(getDb(), id, { includeRemoved: true })) throw new ApiError(404, `No product ${id}`);
  const { limit, offset } = readQuery(request, querySchema);
  const { rows, total } = listStockMovements(getDb(), id, { limit, offset });
  return Response.json({ items: rows.map(toMovementJson), total });
});
