/**
 * store's own "Add to cart" form: the same plain HTML form catalog and music render, posted to
 * `/cart/items` and answered with a redirect back here (`?added=` or `?cartError=`). Works without
 * JavaScript.
 */
import type { Offer } from "@/db/schema";
import { BagIcon } from "./icons";

export function AddToCartForm({ offer, returnTo }: { offer: Offer; returnTo: string }) {
  const fieldId = `quantity-${offer.source}-${offer.itemId}`;
  if (!offer.available) {
    return (
      <button
        type="button"
        disabled
        className="w-full cursor-not-allowed rounded-xl bg-ink-100 px-6 py-3.5 font-semibold text-ink-500"
      >
        Out of stock
      </button>
    );
  }
  const maxQuantity = Math.max(1, Math.min(99, offer.stock ?? 99));
  return (
    <form method="post" action="/cart/items" className="flex flex-wrap items-end gap-3">
      <input type="hidden" name="source" value={offer.source} />
      <input type="hidden" name="itemId" value={offer.itemId} />
      <input type="hidden" name="returnTo" value={returnTo} />
      {offer.source === "music" ? (
        <input type="hidden" name="quantity" value="1" />
      ) : (
        <div>
          <label htmlFor={fieldId} className="block text-sm font-medium text-ink-700">
            Quantity
          </label>
          <input
            id={fieldId}
            name="quantity"
            type="number"
            inputMode="numeric"
            min={1}
            max={maxQuantity}
            defaultValue={1}
            required
            className="mt-1.5 w-24 rounded-xl border border-ink-200 bg-white px-3 py-3 text-center font-semibold text-ink-900 focus:border-accent-500 focus:outline-none focus:ring-4 focus:ring-accent-100"
          />
        </div>
      )}
      <button
        type="submit"
        className="inline-flex flex-1 items-center justify-center gap-2 rounded-xl bg-accent-600 px-6 py-3.5 font-semibold text-white shadow-sm hover:bg-accent-700 focus-visible:ring-4 focus-visible:ring-accent-100"
      >
        <BagIcon className="size-5" />
        Add to cart
      </button>
    </form>
  );
}
