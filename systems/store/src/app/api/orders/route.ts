/**
 * POST /api/orders {lines:[{source,itemId,quantity}]} → 201 {id,status}: prices from store's copy
 * at this moment; 400 for items store does not offer or that are out of stock.
 * GET /api/orders → {items:[order…]}, the signed-in customer's orders, newest first.
 */
import { ApiError, apiRoute, readJson } from "@scs/web/api";
import { requireCustomer } from "@/auth/customer";
import { getDb } from "@/db/client";
import { linesOfOrders, listCustomerOrders } from "@/db/queries/orders";
import { newOrderSchema, orderView, placeOrder } from "@/domain/orders";

export const dynamic = "force-dynamic";

export const POST = apiRoute("/api/orders", async (request) => {
  const customer = await requireCustomer(request);
  const input = await readJson(request, newOrderSchema);
  const result = placeOrder(getDb(), customer.sub, input);
  if (!result.ok) throw new ApiError(400, "Some items cannot be ordered", result.issues);
  const { id, status } = result.order;
  return Response.json(
    { id, status },
    { status: 201, headers: { location: `/api/orders/${id}`, "cache-control": "no-store" } },
  );
});

export const GET = apiRoute("/api/orders", async (request) => {
  const customer = await requireCustomer(request);
  const db = getDb();
  const orders = listCustomerOrders(db, customer.sub, { limit: 100 });
  const lines = linesOfOrders(
    db,
    orders.map((o) => o.id),
  );
  return Response.json(
    { items: orders.map((order) => orderView(order, lines.get(order.id) ?? [])) },
    { headers: { "cache-control": "no-store" } },
  );
});
