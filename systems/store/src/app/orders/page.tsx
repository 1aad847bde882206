/** The signed-in customer's orders, newest first, each with its status. */
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getSession } from "@/auth/session";
import { EmptyShelves } from "@/components/empty-shelves";
import { ArrowRightIcon } from "@/components/icons";
import { LineThumb } from "@/components/line-thumb";
import { StatusPill } from "@/components/order-status";
import { getDb } from "@/db/client";
import { linesOfOrders, listCustomerOrders } from "@/db/queries/orders";
import { formatPrice } from "@/domain/offers";
import { orderReference } from "@/domain/orders";
import { env } from "@/env";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your orders" };

const date = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

export default async function OrdersPage() {
  const session = await getSession();
  if (!session) redirect(`/signin?returnTo=${encodeURIComponent(`${env.STORE_URL}/orders`)}`);
  const db = getDb();
  const orders = listCustomerOrders(db, session.sub, { limit: 100 });
  const lines = linesOfOrders(
    db,
    orders.map((o) => o.id),
  );

  return (
    <div className="container-store pt-10">
      <h1 className="text-3xl font-semibold tracking-tight text-ink-900">Your orders</h1>
      <p className="mt-1 text-sm text-ink-500">
        {orders.length === 0
          ? "You have not ordered anything yet."
          : `${orders.length} ${orders.length === 1 ? "order" : "orders"}, newest first.`}
      </p>

      {orders.length === 0 ? (
        <div className="mt-8">
          <EmptyShelves title="No orders yet">
            When you place an order, you can follow it here.{" "}
            <Link href="/offers" className="font-medium text-accent-600 underline">
              Start shopping
            </Link>
            .
          </EmptyShelves>
        </div>
      ) : (
        <ul className="mt-8 space-y-4" aria-label="Orders">
          {orders.map((order) => {
            const orderLines = lines.get(order.id) ?? [];
            const count = orderLines.reduce((n, l) => n + l.quantity, 0);
            const names = orderLines.map((l) => l.title);
            return (
              <li key={order.id} data-testid="order-row" data-order-id={order.id}>
                <Link
                  href={`/orders/${order.id}`}
                  className="group flex flex-col gap-4 rounded-card border border-ink-200 bg-white p-5 shadow-card transition hover:shadow-lift sm:flex-row sm:items-center"
                >
                  <div className="flex -space-x-3">
                    {orderLines.slice(0, 3).map((line) => (
                      <div key={line.position} className="rounded-lg ring-2 ring-white">
                        <LineThumb
                          source={line.source}
                          itemId={line.itemId}
                          image={line.image}
                          title={line.title}
                          size="sm"
                        />
                      </div>
                    ))}
                  </div>
                  <div className="min-w-0 flex-1">
                    <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                      <span className="font-mono font-semibold text-ink-900">{orderReference(order.id)}</span>
                      <StatusPill status={order.status} />
                      <span className="text-sm text-ink-500">{date.format(order.placedAt)}</span>
                    </div>
                    <p className="mt-1 truncate text-sm text-ink-700">
                      {names.slice(0, 3).join(", ")}
                      {names.length > 3 ? ` and ${names.length - 3} more` : ""}
                    </p>
                    {order.status === "rejected" && order.reason && (
                      <p className="mt-1 text-sm text-danger-600">{order.reason}</p>
                    )}
                  </div>
                  <div className="flex items-center gap-4 sm:text-right">
                    <div>
                      <p className="font-semibold tabular-nums text-ink-900">
                        {formatPrice(order.totalCents, order.currency)}
                      </p>
                      <p className="text-xs text-ink-500">
                        {count} {count === 1 ? "item" : "items"}
                      </p>
                    </div>
                    <ArrowRightIcon className="size-5 text-ink-300 transition group-hover:translate-x-0.5 group-hover:text-accent-600" />
                  </div>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
