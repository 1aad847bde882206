/** What store said about the last "Add to cart" (`?added=` / `?cartError=` on the way back). */
import { env } from "@/env";
import { CheckIcon } from "./icons";

export function CartNotice({
  added,
  cartError,
  title,
}: {
  added: boolean;
  cartError?: string;
  title: string;
}) {
  if (added) {
    return (
      <div
        role="status"
        className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-2xl border border-emerald-400/30 bg-emerald-400/10 px-4 py-3 text-sm text-emerald-200"
      >
        <span className="flex items-center gap-2 font-semibold">
          <CheckIcon className="h-4 w-4" /> “{title}” is in your cart.
        </span>
        <a
          href={`${env.STORE_URL}/cart`}
          className="ml-auto rounded-full bg-emerald-300 px-4 py-1.5 font-semibold text-night-950 hover:bg-emerald-200"
        >
          Go to cart
        </a>
      </div>
    );
  }
  if (!cartError) return null;
  return (
    <p
      role="alert"
      className="rounded-2xl border border-glow-500/40 bg-glow-500/10 px-4 py-3 text-sm text-glow-400"
    >
      <span className="font-semibold">Not added to your cart:</span> {cartError}
    </p>
  );
}
