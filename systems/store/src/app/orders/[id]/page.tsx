/** One of the customer's orders: live status (pending → confirmed or rejected), lines, total. */
import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getSession } from "@/auth/session";
import { LineThumb } from "@/components/line-thumb";
import { LiveOrderStatus } from "@/components/live-order-status";
import { offerHref } from "@/components/offer-card";
import { getDb } from "@/db/client";
import { linesOfOrder } from "@/db/queries/orders";
import { formatPrice } from "@/domain/offers";
import { DEADLINE_REASON, findOwnOrder, orderReference, pendingDeadline } from "@/domain/orders";
import { env } from "@/env";
import { segment } from "@/lib/path-param";

export const dynamic = "force-dynamic";

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { id } = await params;
  return { title: `Order ${orderReference(segment(id).slice(0, 100))}` };
}

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });

export default async function OrderPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id: rawId } = await params;
  const id = segment(rawId).slice(0, 100);
  const session = await getSession();
  if (!session) redirect(`/signin?returnTo=${encodeURIComponent(`${env.STORE_URL}/orders/${rawId}`)}`);
  const db = getDb();
  const order = findOwnOrder(db, session.sub, id);
  if (!order) notFound();
  const lines = linesOfOrder(db, order.id);
  const justPlaced = (await searchParams).placed === "1";
  const count = lines.reduce((n, l) => n + l.quantity, 0);

  return (
    <div className="container-store pt-10">
      <nav aria-label="Breadcrumb" className="text-sm text-ink-500">
        <Link href="/orders" className="hover:text-ink-900">
          ← Your orders
        </Link>
      </nav>
      <div className="mt-4 flex flex-wrap items-end justify-between gap-3">
        <div>
          {justPlaced && (
            <p className="text-sm font-semibold uppercase tracking-[0.14em] text-accent-600">
              Thank you, {session.name.split(" ")[0]}
            </p>
          )}
          <h1 className="mt-1 text-3xl font-semibold tracking-tight text-ink-900">
            Order <span className="font-mono">{orderReference(order.id)}</span>
          </h1>
          <p className="mt-1 text-sm text-ink-500">
            Placed on{" "}
            <time dateTime={new Date(order.placedAt).toISOString()}>
              {dateTime.format(order.placedAt)} UTC
            </time>{" "}
            · {count} {count === 1 ? "item" : "items"} · {formatPrice(order.totalCents, order.currency)}
          </p>
        </div>
      </div>

      <div className="mt-8 grid gap-8 lg:grid-cols-[minmax(0,1fr)_22rem] lg:items-start">
        <div className="space-y-6">
          <LiveOrderStatus
            orderId={order.id}
            initialStatus={order.status}
            initialReason={order.reason}
            hasGoods={lines.some((l) => l.source === "catalog")}
            hasAlbums={lines.some((l) => l.source === "music")}
            libraryUrl={`${env.MUSIC_URL}/library`}
            deadline={pendingDeadline(order.placedAt, env.ORDER_PENDING_TIMEOUT_S * 1000)}
            deadlineReason={DEADLINE_REASON}
          />

          <section
            aria-labelledby="lines-heading"
            className="rounded-card border border-ink-200 bg-white shadow-card"
          >
            <h2 id="lines-heading" className="px-6 pt-6 text-lg font-semibold text-ink-900">
              What you ordered
            </h2>
            <ul className="mt-4 divide-y divide-ink-200 border-t border-ink-200">
              {lines.map((line) => (
                <li
                  key={line.position}
                  data-testid="order-line"
                  data-item-id={line.itemId}
                  className="flex items-center gap-4 px-6 py-4"
                >
                  <LineThumb
                    source={line.source}
                    itemId={line.itemId}
                    image={line.image}
                    title={line.title}
                    size="sm"
                  />
                  <div className="min-w-0 flex-1">
                    <Link href={offerHref(line)} className="font-medium text-ink-900 hover:text-accent-700">
                      {line.title}
                    </Link>
                    <p className="text-sm text-ink-500">
                      {[line.subtitle, `${line.quantity} × ${formatPrice(line.unitPriceCents)}`]
                        .filter(Boolean)
                        .join(" · ")}
                    </p>
                  </div>
                  <p className="font-semibold tabular-nums text-ink-900">
                    {formatPrice(line.unitPriceCents * line.quantity)}
                  </p>
                </li>
              ))}
            </ul>
          </section>
        </div>

        <aside className="rounded-card border border-ink-200 bg-white p-6 shadow-card">
          <h2 className="text-lg font-semibold text-ink-900">Summary</h2>
          <dl className="mt-4 space-y-2 text-sm">
            <div className="flex justify-between">
              <dt className="text-ink-500">Items ({count})</dt>
              <dd className="tabular-nums">{formatPrice(order.totalCents, order.currency)}</dd>
            </div>
            <div className="flex justify-between">
              <dt className="text-ink-500">Delivery</dt>
              <dd>Free</dd>
            </div>
            <div className="flex items-baseline justify-between border-t border-ink-200 pt-3">
              <dt className="font-semibold text-ink-900">Total</dt>
              <dd data-testid="order-total" className="text-xl font-semibold tabular-nums text-ink-900">
                {formatPrice(order.totalCents, order.currency)}
              </dd>
            </div>
          </dl>
          <dl className="mt-6 space-y-3 border-t border-ink-200 pt-5 text-sm">
            <div>
              <dt className="text-ink-500">Customer</dt>
              <dd className="font-medium text-ink-900">{session.name}</dd>
              <dd className="text-ink-700">{session.email}</dd>
            </div>
            <div>
              <dt className="text-ink-500">Order reference</dt>
              <dd className="break-all font-mono text-xs text-ink-700">{order.id}</dd>
            </div>
          </dl>
          <Link
            href="/offers"
            className="mt-6 flex w-full items-center justify-center rounded-xl border border-ink-300 px-6 py-3 font-semibold text-ink-900 hover:border-ink-900"
          >
            Continue shopping
          </Link>
        </aside>
      </div>
    </div>
  );
}
