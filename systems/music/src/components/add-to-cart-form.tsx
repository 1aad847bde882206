/**
 * "Add to cart": a plain HTML form posted to store (the cart lives there), which answers with a
 * redirect back to `returnTo` plus `?added=<id>` or `?cartError=<message>`. Works without
 * JavaScript; an album is bought once, so the quantity is fixed at 1.
 */
import { env } from "@/env";
import { BagIcon } from "./icons";

export function AddToCartForm({
  albumId,
  returnTo,
  className = "",
}: {
  albumId: string;
  /** Path of the current page on music (made absolute here). */
  returnTo: string;
  className?: string;
}) {
  return (
    <form method="post" action={`${env.STORE_URL}/cart/items`} className={className}>
      <input type="hidden" name="source" value="music" />
      <input type="hidden" name="itemId" value={albumId} />
      <input type="hidden" name="quantity" value="1" />
      <input type="hidden" name="returnTo" value={`${env.MUSIC_URL}${returnTo}`} />
      <button
        type="submit"
        className="bg-brand inline-flex items-center gap-2 rounded-full px-6 py-3 font-semibold text-white shadow-glow transition-transform hover:scale-[1.03] focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
      >
        <BagIcon className="h-4 w-4" />
        Add to cart
      </button>
    </form>
  );
}
