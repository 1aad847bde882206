/**
 * GET /api/orders/{id} → {id,status,lines,reason?,…}: the order page polls it for the live status.
 * Only the customer who placed the order may read it (404 for anyone else's, as for unknown ids).
 */
import { ApiError, apiRoute } from "@scs/web/api";
import { requireCustomer } from "@/auth/customer";
import { getDb } from "@/db/client";
import { linesOfOrder } from "@/db/queries/orders";
import { findOwnOrder, orderView } from "@/domain/orders";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ params: Promise<{ id: string }> }>(
  "/api/orders/[id]",
  async (request, { params }) => {
    const customer = await requireCustomer(request);
    const { id } = await params;
    const db = getDb();
    const order = id.length <= 100 ? findOwnOrder(db, customer.sub, id) : null;
    if (!order) throw new ApiError(404, "No such order");
    return Response.json(orderView(order, linesOfOrder(db, order.id)), {
      headers: { "cache-control": "no-store" },
    });
  },
);
