/**
 * Checkout: a signed-in customer reviews what they are about to order at the prices of this
 * moment, then "Place order" (a plain form post to /checkout/place).
 */
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { pageShopper } from "@/auth/cart-cookie";
import { customerIdOf } from "@/auth/customer";
import { getSession } from "@/auth/session";
import { BoltIcon, BoxIcon, DiscIcon, LockIcon, ShieldIcon } from "@/components/icons";
import { LineThumb } from "@/components/line-thumb";
import { Notice } from "@/components/notice";
import { getDb } from "@/db/client";
import { viewCart } from "@/domain/cart";
import { formatPrice } from "@/domain/offers";
import { env } from "@/env";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Checkout" };

const problems: Record<string, { tone: "warning" | "error"; text: string }> = {
  changed: {
    tone: "warning",
    text: "Prices changed while you were checking out. Please review the new total before you place the order.",
  },
  unavailable: {
    tone: "error",
    text: "Some items are no longer available. Remove them from your cart to continue.",
  },
};

export default async function CheckoutPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await getSession();
  if (!session || !customerIdOf(session)) {
    redirect(`/signin?returnTo=${encodeURIComponent(`${env.STORE_URL}/checkout`)}`);
  }
  const query = await searchParams;
  const problem = problems[String(query.problem ?? "")];
  const cart = viewCart(getDb(), await pageShopper());
  if (cart.lines.length === 0) redirect("/cart");

  const physical = cart.lines.filter((l) => l.source === "catalog");
  const albums = cart.lines.filter((l) => l.source === "music");

  return (
    <div className="container-store pt-10">
      <Steps current={2} />
      <h1 className="mt-6 text-3xl font-semibold tracking-tight text-ink-900">Review and place your order</h1>

      {problem && (
        <div className="mt-6">
          <Notice tone={problem.tone} testId="checkout-problem">
            {problem.text}
          </Notice>
        </div>
      )}

      <div className="mt-8 grid gap-8 lg:grid-cols-[minmax(0,1fr)_22rem] lg:items-start">
        <div className="space-y-6">
          <section
            aria-labelledby="customer-heading"
            className="rounded-card border border-ink-200 bg-white p-6 shadow-card"
          >
            <h2 id="customer-heading" className="text-lg font-semibold text-ink-900">
              Your details
            </h2>
            <dl className="mt-4 grid gap-4 text-sm sm:grid-cols-2">
              <div>
                <dt className="text-ink-500">Ordering as</dt>
                <dd className="mt-0.5 font-medium text-ink-900">{session.name}</dd>
                <dd className="text-ink-700">{session.email}</dd>
              </div>
              <div>
                <dt className="text-ink-500">Payment</dt>
                <dd className="mt-0.5 font-medium text-ink-900">Invoice by email</dd>
                <dd className="text-ink-700">
                  Sent once your order is confirmed; nothing is charged before.
                </dd>
              </div>
              {physical.length > 0 && (
                <div>
                  <dt className="text-ink-500">Delivery of goods</dt>
                  <dd className="mt-0.5 font-medium text-ink-900">Free standard delivery</dd>
                  <dd className="text-ink-700">Dispatched by the Catalog shop in 2–4 working days.</dd>
                </div>
              )}
              {albums.length > 0 && (
                <div>
                  <dt className="text-ink-500">Albums</dt>
                  <dd className="mt-0.5 font-medium text-ink-900">Instant, to My library</dd>
                  <dd className="text-ink-700">Ready to play in the Music shop once confirmed.</dd>
                </div>
              )}
            </dl>
            <p className="mt-4 text-xs text-ink-500">
              Not you?{" "}
              <a
                href={`/signout?returnTo=${encodeURIComponent(`${env.STORE_URL}/checkout`)}`}
                className="font-medium text-accent-600 hover:text-accent-700"
              >
                Sign in with another account
              </a>
            </p>
          </section>

          <section
            aria-labelledby="items-heading"
            className="rounded-card border border-ink-200 bg-white shadow-card"
          >
            <div className="flex items-center justify-between px-6 pt-6">
              <h2 id="items-heading" className="text-lg font-semibold text-ink-900">
                Items ({cart.count})
              </h2>
              <Link href="/cart" className="text-sm font-semibold text-accent-600 hover:text-accent-700">
                Edit cart
              </Link>
            </div>
            <ul className="mt-4 divide-y divide-ink-200 border-t border-ink-200">
              {cart.lines.map((line) => (
                <li
                  key={`${line.source}:${line.itemId}`}
                  data-testid="checkout-line"
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
                    <p className="flex items-center gap-1.5 font-medium text-ink-900">
                      {line.source === "music" ? (
                        <DiscIcon className="size-4 shrink-0 text-ink-500" />
                      ) : (
                        <BoxIcon className="size-4 shrink-0 text-ink-500" />
                      )}
                      <span className="truncate">{line.title}</span>
                    </p>
                    <p className="text-sm text-ink-500">
                      {line.quantity} × {formatPrice(line.unitPriceCents)}
                      {line.problem === "low-stock" && (
                        <span className="text-warn-600"> · only {line.stock} left</span>
                      )}
                      {(line.problem === "removed" || line.problem === "unavailable") && (
                        <span className="text-danger-600"> · no longer available</span>
                      )}
                    </p>
                  </div>
                  <p className="font-semibold tabular-nums text-ink-900">
                    {formatPrice(line.lineTotalCents)}
                  </p>
                </li>
              ))}
            </ul>
          </section>
        </div>

        <aside
          aria-labelledby="total-heading"
          className="rounded-card border border-ink-200 bg-white p-6 shadow-card lg:sticky lg:top-4"
        >
          <h2 id="total-heading" className="text-lg font-semibold text-ink-900">
            Total
          </h2>
          <dl className="mt-4 space-y-2 text-sm">
            <div className="flex justify-between">
              <dt className="text-ink-500">Items ({cart.count})</dt>
              <dd className="tabular-nums">{formatPrice(cart.totalCents)}</dd>
            </div>
            <div className="flex justify-between">
              <dt className="text-ink-500">Delivery</dt>
              <dd>Free</dd>
            </div>
            <div className="flex items-baseline justify-between border-t border-ink-200 pt-3">
              <dt className="font-semibold text-ink-900">To pay</dt>
              <dd data-testid="checkout-total" className="text-2xl font-semibold tabular-nums text-ink-900">
                {formatPrice(cart.totalCents)}
              </dd>
            </div>
          </dl>
          <p className="mt-1 text-xs text-ink-500">Including VAT.</p>
          {cart.orderable ? (
            <form method="post" action="/checkout/place" className="mt-6">
              <input type="hidden" name="expectedTotalCents" value={cart.totalCents} />
              <button
                type="submit"
                className="flex w-full items-center justify-center gap-2 rounded-xl bg-accent-600 px-6 py-3.5 font-semibold text-white shadow-sm hover:bg-accent-700 focus-visible:ring-4 focus-visible:ring-accent-100"
              >
                <LockIcon className="size-4" />
                Place order
              </button>
            </form>
          ) : (
            <Link
              href="/cart"
              className="mt-6 flex w-full items-center justify-center rounded-xl border border-ink-300 px-6 py-3.5 font-semibold text-ink-900 hover:border-ink-900"
            >
              Back to cart
            </Link>
          )}
          <ul className="mt-6 space-y-3 border-t border-ink-200 pt-5 text-sm text-ink-500">
            <li className="flex gap-2">
              <ShieldIcon className="mt-0.5 size-4 shrink-0 text-accent-600" />
              {physical.length > 0
                ? "The Catalog shop reserves your items right after you order; we confirm as soon as it has, usually within a second."
                : "Albums need no stock: your order is confirmed at once."}
            </li>
            <li className="flex gap-2">
              <BoltIcon className="mt-0.5 size-4 shrink-0 text-accent-600" />
              You can follow your order live on the next page.
            </li>
          </ul>
        </aside>
      </div>
    </div>
  );
}

function Steps({ current }: { current: 1 | 2 | 3 }) {
  const steps = ["Cart", "Review", "Confirmation"];
  return (
    <nav aria-label="Checkout progress">
      <ol className="flex items-center gap-2 text-sm">
        {steps.map((label, i) => {
          const n = i + 1;
          const state = n < current ? "done" : n === current ? "current" : "next";
          return (
            <li key={label} className="flex items-center gap-2">
              {i > 0 && <span aria-hidden className="h-px w-6 bg-ink-300 sm:w-10" />}
              <span
                aria-current={state === "current" ? "step" : undefined}
                className={`flex items-center gap-2 font-medium ${state === "next" ? "text-ink-500" : "text-ink-900"}`}
              >
                <span
                  aria-hidden
                  className={`grid size-6 place-items-center rounded-full text-xs font-semibold ${
                    state === "done"
                      ? "bg-ok-600 text-white"
                      : state === "current"
                        ? "bg-accent-600 text-white"
                        : "bg-ink-100 text-ink-500"
                  }`}
                >
                  {state === "done" ? "✓" : n}
                </span>
                {state === "done" && n === 1 ? <Link href="/cart">{label}</Link> : label}
              </span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
