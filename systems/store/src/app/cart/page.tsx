/**
 * The cart: every item with its current price (store's copy), quantity, line total and total;
 * items that can no longer be ordered are flagged. Changes are plain form posts to /cart/update.
 */
import type { Metadata } from "next";
import Link from "next/link";
import { pageShopper } from "@/auth/cart-cookie";
import { getSession } from "@/auth/session";
import { EmptyShelves } from "@/components/empty-shelves";
import { ArrowRightIcon, LockIcon, ShieldIcon } from "@/components/icons";
import { LineThumb } from "@/components/line-thumb";
import { Notice } from "@/components/notice";
import { offerHref, SourceBadge } from "@/components/offer-card";
import { getDb } from "@/db/client";
import { type CartLine, MAX_QUANTITY, viewCart } from "@/domain/cart";
import { formatPrice } from "@/domain/offers";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your cart" };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function CartPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [query, shopper, session] = await Promise.all([searchParams, pageShopper(), getSession()]);
  const cart = viewCart(getDb(), shopper);
  const cartError = first(query.cartError)?.slice(0, 300);
  const removed = first(query.removed);
  const updated = first(query.updated);
  const added = first(query.added);
  const again = Number(first(query.again) ?? 0);
  const flagged = cart.lines.filter((l) => l.problem === "removed" || l.problem === "unavailable");

  return (
    <div className="container-store pt-10">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-3xl font-semibold tracking-tight text-ink-900">Your cart</h1>
          <p className="mt-1 text-sm text-ink-500" data-testid="cart-summary-line">
            {cart.count === 0
              ? "Nothing in it yet."
              : `${cart.count} ${cart.count === 1 ? "item" : "items"} from ${shopsOf(cart.lines)}`}
          </p>
        </div>
        {cart.lines.length > 0 && (
          <Link href="/offers" className="text-sm font-semibold text-accent-600 hover:text-accent-700">
            Continue shopping
          </Link>
        )}
      </div>

      <div className="mt-6 space-y-3">
        {cartError && (
          <Notice tone="error" testId="cart-error">
            {cartError}
          </Notice>
        )}
        {added && <Notice tone="success">Added to your cart.</Notice>}
        {again > 0 && (
          <Notice tone="success" testId="cart-again">
            The items of your order are back in your cart. Check out when you are ready.
          </Notice>
        )}
        {removed && <Notice tone="success">Removed from your cart.</Notice>}
        {updated && <Notice tone="success">Quantity updated.</Notice>}
        {flagged.length > 0 && (
          <Notice tone="warning" testId="cart-unavailable">
            {flagged.length === 1
              ? "One item can no longer be ordered."
              : `${flagged.length} items can no longer be ordered.`}{" "}
            Remove {flagged.length === 1 ? "it" : "them"} to check out.
          </Notice>
        )}
      </div>

      {cart.lines.length === 0 ? (
        <div className="mt-8">
          <EmptyShelves title="Your cart is empty">
            Add books, gear and albums from the store, the Catalog shop or the Music shop: they all land in
            this one cart.{" "}
            <Link href="/offers" className="font-medium text-accent-600 underline">
              Browse all offers
            </Link>
            .
          </EmptyShelves>
        </div>
      ) : (
        <div className="mt-8 grid gap-8 lg:grid-cols-[minmax(0,1fr)_22rem] lg:items-start">
          <section aria-labelledby="cart-items">
            <h2 id="cart-items" className="sr-only">
              Items in your cart
            </h2>
            <ul className="divide-y divide-ink-200 rounded-card border border-ink-200 bg-white shadow-card">
              {cart.lines.map((line) => (
                <CartLineRow key={`${line.source}:${line.itemId}`} line={line} />
              ))}
            </ul>
          </section>

          <aside
            aria-labelledby="order-summary"
            className="rounded-card border border-ink-200 bg-white p-6 shadow-card lg:sticky lg:top-4"
          >
            <h2 id="order-summary" className="text-lg font-semibold text-ink-900">
              Order summary
            </h2>
            <dl className="mt-4 space-y-2 text-sm">
              <div className="flex justify-between">
                <dt className="text-ink-500">Items ({cart.count})</dt>
                <dd className="tabular-nums text-ink-900">{formatPrice(cart.totalCents)}</dd>
              </div>
              <div className="flex justify-between">
                <dt className="text-ink-500">Delivery</dt>
                <dd className="text-ink-900">Free</dd>
              </div>
              <div className="flex items-baseline justify-between border-t border-ink-200 pt-3">
                <dt className="font-semibold text-ink-900">Total</dt>
                <dd data-testid="cart-total" className="text-2xl font-semibold tabular-nums text-ink-900">
                  {formatPrice(cart.totalCents)}
                </dd>
              </div>
            </dl>
            <p className="mt-1 text-xs text-ink-500">
              Including VAT. Prices are fixed when you place the order.
            </p>
            {cart.orderable ? (
              <Link
                href="/checkout"
                className="mt-6 flex w-full items-center justify-center gap-2 rounded-xl bg-accent-600 px-6 py-3.5 font-semibold text-white shadow-sm hover:bg-accent-700"
              >
                {session ? "Go to checkout" : "Sign in and check out"}
                <ArrowRightIcon className="size-4" />
              </Link>
            ) : (
              <p
                aria-disabled="true"
                className="mt-6 flex w-full cursor-not-allowed items-center justify-center rounded-xl bg-ink-100 px-6 py-3.5 font-semibold text-ink-500"
              >
                Remove unavailable items to check out
              </p>
            )}
            <ul className="mt-6 space-y-3 border-t border-ink-200 pt-5 text-sm text-ink-500">
              <li className="flex gap-2">
                <LockIcon className="mt-0.5 size-4 shrink-0 text-accent-600" />
                One account and one checkout for Catalog and Music.
              </li>
              <li className="flex gap-2">
                <ShieldIcon className="mt-0.5 size-4 shrink-0 text-accent-600" />
                We confirm only once the stock is reserved for you.
              </li>
            </ul>
          </aside>
        </div>
      )}
    </div>
  );
}

function shopsOf(lines: CartLine[]): string {
  const shops = new Set(lines.map((l) => (l.source === "music" ? "Music" : "Catalog")));
  return [...shops].join(" and ");
}

function CartLineRow({ line }: { line: CartLine }) {
  const unavailable = line.problem === "removed" || line.problem === "unavailable";
  const quantityId = `qty-${line.source}-${line.itemId}`;
  return (
    <li
      data-testid="cart-line"
      data-source={line.source}
      data-item-id={line.itemId}
      className={`flex gap-4 p-4 sm:p-5 ${unavailable ? "bg-ink-50" : ""}`}
    >
      <LineThumb source={line.source} itemId={line.itemId} image={line.image} title={line.title} />
      <div className="flex min-w-0 flex-1 flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <div className="flex items-center gap-2">
            <SourceBadge source={line.source} />
          </div>
          <h3 className="mt-1.5 font-semibold leading-snug text-ink-900">
            {line.problem === "removed" ? (
              line.title
            ) : (
              <Link href={offerHref(line)} className="hover:text-accent-700">
                {line.title}
              </Link>
            )}
          </h3>
          {line.subtitle && <p className="text-sm text-ink-500">{line.subtitle}</p>}
          <p className="mt-1 text-sm text-ink-700">
            {line.problem === "removed" ? "" : `${formatPrice(line.unitPriceCents)} each`}
          </p>
          <LineProblemNote line={line} />
        </div>

        <div className="flex flex-wrap items-center gap-x-4 gap-y-2 sm:flex-col sm:items-end">
          <p
            className={`text-lg font-semibold tabular-nums ${unavailable ? "text-ink-300 line-through" : "text-ink-900"}`}
            data-testid="line-total"
          >
            {formatPrice(line.lineTotalCents)}
          </p>
          <div className="flex items-center gap-2">
            {!unavailable &&
              (line.source === "music" ? (
                <span className="text-sm text-ink-500">Qty {line.quantity}</span>
              ) : (
                <form method="post" action="/cart/update" className="flex items-center gap-1.5">
                  <input type="hidden" name="intent" value="update" />
                  <input type="hidden" name="source" value={line.source} />
                  <input type="hidden" name="itemId" value={line.itemId} />
                  <label htmlFor={quantityId} className="sr-only">
                    Quantity of {line.title}
                  </label>
                  <input
                    id={quantityId}
                    name="quantity"
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={MAX_QUANTITY}
                    defaultValue={line.quantity}
                    required
                    className="w-16 rounded-lg border border-ink-200 px-2 py-1.5 text-center text-sm font-semibold text-ink-900 focus:border-accent-500 focus:outline-none focus:ring-4 focus:ring-accent-100"
                  />
                  <button
                    type="submit"
                    className="rounded-lg border border-ink-200 px-3 py-1.5 text-sm font-medium text-ink-900 hover:border-ink-900"
                  >
                    Update
                  </button>
                </form>
              ))}
            <form method="post" action="/cart/update">
              <input type="hidden" name="intent" value="remove" />
              <input type="hidden" name="source" value={line.source} />
              <input type="hidden" name="itemId" value={line.itemId} />
              <button
                type="submit"
                aria-label={`Remove ${line.title}`}
                className="rounded-lg px-3 py-1.5 text-sm font-medium text-danger-600 hover:bg-danger-600/10"
              >
                Remove
              </button>
            </form>
          </div>
        </div>
      </div>
    </li>
  );
}

function LineProblemNote({ line }: { line: CartLine }) {
  if (line.problem === "removed") {
    return (
      <p className="mt-2 text-sm font-medium text-danger-600" data-testid="line-problem">
        No longer on sale
      </p>
    );
  }
  if (line.problem === "unavailable") {
    return (
      <p className="mt-2 text-sm font-medium text-danger-600" data-testid="line-problem">
        Out of stock right now
      </p>
    );
  }
  if (line.problem === "low-stock") {
    return (
      <p className="mt-2 text-sm font-medium text-warn-600" data-testid="line-problem">
        Only {line.stock} left: lower the quantity, or the shop may decline the order.
      </p>
    );
  }
  return null;
}
