import { ApiError, apiRoute, readJson } from "@scs/web/api";
import { getDb } from "@/db/client";
import { findProduct } from "@/db/queries/products";
import { deleteProduct, toProduct, updateProduct, updateProductSchema } from "@/domain/products";
import { domain, requireAdminRequest } from "@/lib/api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute<Context>("/api/products/[id]", async (_request, { params }) => {
  const { id } = await params;
  const row = findProduct(getDb(), id);
  if (!row) throw new ApiError(404, `No product ${id}`);
  return Response.json(toProduct(row));
});

export const PATCH = apiRoute<Context>("/api/products/[id]", async (request, { params }) => {
  const session = await requireAdminRequest(request);
  const { id } = await params;
  if (!findProduct(getDb(), id)) throw new ApiError(404, `No product ${id}`);
  const patch = await readJson(request, updateProductSchema);
  return Response.json(domain(() => updateProduct(getDb(), id, patch, { actor: session.email })));
});

export const DELETE = apiRoute<Context>("/api/products/[id]", async (request, { params }) => {
  await requireAdminRequest(request);
  const { id } = await params;
  domain(() => deleteProduct(getDb(), id));
  return new Response(null, { status: 204 });
});
