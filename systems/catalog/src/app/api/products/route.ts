import { ApiError, apiRoute, readJson, readQuery } from "@scs/web/api";
import { z } from "zod";
import { getDb } from "@/db/client";
import { decodeCursor, listProductsPage } from "@/db/queries/products";
import { categorySlugs } from "@/domain/categories";
import { createProduct, createProductSchema, toProduct } from "@/domain/products";
import { domain, requireAdminRequest } from "@/lib/api";

export const dynamic = "force-dynamic";

const listQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  category: z.enum(categorySlugs).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});

export const GET = apiRoute("/api/products", (request) => {
  const { q, category, limit, cursor } = readQuery(request, listQuerySchema);
  const after = cursor ? decodeCursor(cursor) : undefined;
  if (after === null)
    throw new ApiError(400, "Invalid cursor", [{ path: "cursor", message: "Not a cursor" }]);
  const page = listProductsPage(getDb(), { q, category, limit, after });
  return Response.json({ items: page.rows.map(toProduct), nextCursor: page.nextCursor });
});

export const POST = apiRoute("/api/products", async (request) => {
  const session = await requireAdminRequest(request);
  const input = await readJson(request, createProductSchema);
  const product = domain(() => createProduct(getDb(), input, { actor: session.email }));
  return Response.json(product, { status: 201, headers: { location: `/api/products/${product.id}` } });
});
