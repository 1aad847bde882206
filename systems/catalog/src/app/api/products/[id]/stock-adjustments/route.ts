/**
 * POST /api/products/{id}/stock-adjustments (administrators): `{kind, quantity, note?}` with kind
 * "received" | "returned" | "damaged" (quantity ≥ 1) or "count" (the number counted).
 * 201 `{product, movement}`; 400 with per-field issues when the rule is broken (e.g. writing off
 * more than the stock), 404 for an unknown product.
 */
import { ApiError, apiRoute, readJson } from "@scs/web/api";
import { getDb } from "@/db/client";
import { findProduct } from "@/db/queries/products";
import { adjustStock, stockAdjustmentSchema } from "@/domain/stock";
import { domain, requireAdminRequest } from "@/lib/api";
import { toMovementJson } from "@/lib/stock-json";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const POST = apiRoute<Context>("/api/products/[id]/stock-adjustments", async (request, { params }) => {
  const session = await requireAdminRequest(request);
  const { id } = await params;
  if (!findProduct(getDb(), id)) throw new ApiError(404, `No product ${id}`);
  const input = await readJson(request, stockAdjustmentSchema);
  const { product, movement } = domain(() => adjustStock(getDb(), id, input, { actor: session.email }));
  return Response.json({ product, movement: toMovementJson(movement) }, { status: 201 });
});
