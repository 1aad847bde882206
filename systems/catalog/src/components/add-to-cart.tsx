/**
 * "Add to cart": a plain HTML form posted to store (the cart lives there), answered by store with
 * a redirect back here carrying `?added=` or `?cartError=`. Works without JavaScript.
 */
import { cartErrorMessage } from "@/lib/cart-messages";

export function AddToCart({
  storeUrl,
  returnTo,
  itemId,
  stock,
  added,
  cartError,
}: {
  storeUrl: string;
  /** Absolute URL of this page, without store's answer parameters. */
  returnTo: string;
  itemId: string;
  stock: number;
  added: boolean;
  cartError: string | undefined;
}) {
  const max = Math.max(1, Math.min(99, stock));
  return (
    <div className="mt-8 rounded-2xl border border-ink-900/10 bg-white/70 p-5">
      {added ? (
        <output
          className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-2 rounded-xl border border-forest-600/30 bg-forest-50 px-4 py-3 text-sm text-forest-800"
          data-testid="added-to-cart"
        >
          <span aria-hidden className="grid size-6 place-items-center rounded-full bg-forest-600 text-white">
            ✓
          </span>
          <span className="font-semibold">Added to your cart.</span>
          <a href={`${storeUrl}/cart`} className="ml-auto font-semibold underline underline-offset-2">
            View cart &amp; check out →
          </a>
        </output>
      ) : null}
      {cartError ? (
        <p
          role="alert"
          className="mb-4 rounded-xl border border-danger-600/30 bg-red-50 px-4 py-3 text-sm font-medium text-danger-600"
          data-testid="cart-error"
        >
          {cartErrorMessage(cartError)}
        </p>
      ) : null}
      {stock > 0 ? (
        <form method="post" action={`${storeUrl}/cart/items`} className="flex items-end gap-3">
          <input type="hidden" name="source" value="catalog" />
          <input type="hidden" name="itemId" value={itemId} />
          <input type="hidden" name="returnTo" value={returnTo} />
          <div className="w-24 shrink-0">
            <label htmlFor="quantity" className="mb-1.5 block text-sm font-semibold">
              Quantity
            </label>
            <input
              id="quantity"
              name="quantity"
              type="number"
              inputMode="numeric"
              min={1}
              max={max}
              step={1}
              defaultValue={1}
              required
              className="field-input py-2.5 text-center text-base tabular-nums"
            />
          </div>
          <button type="submit" className="btn-primary flex-1 py-3 text-base">
            Add to cart
          </button>
        </form>
      ) : (
        <button type="button" disabled className="btn-primary w-full py-3 text-base">
          Out of stock
        </button>
      )}
      <p className="mt-3 text-center text-sm text-ink-700">
        {stock > 0
          ? "One cart for goods and music at the Store — you check out once."
          : "We'll have more soon: the count here changes the moment a delivery arrives."}
      </p>
    </div>
  );
}
