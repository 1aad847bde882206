/** A responsive grid of offer cards; image paths are resolved against the owning shop's URL. */
import type { Offer } from "@/db/schema";
import { resolveImageUrl } from "@/domain/offers";
import { env } from "@/env";
import { OfferCard } from "./offer-card";

const ownerUrl = { catalog: env.CATALOG_URL, music: env.MUSIC_URL } as const;

/** `dense`: beside a filter column, so one column fewer on wide screens. */
export function OfferGrid({ offers, label, dense }: { offers: Offer[]; label: string; dense?: boolean }) {
  const renderedAt = Date.now();
  return (
    <ul
      aria-label={label}
      className={`grid grid-cols-2 gap-4 sm:gap-5 md:grid-cols-3 ${dense ? "" : "lg:grid-cols-4"}`}
    >
      {offers.map((offer) => (
        <li key={`${offer.source}:${offer.itemId}`} className="flex">
          <OfferCard
            offer={offer}
            image={resolveImageUrl(offer.image, ownerUrl[offer.source])}
            renderedAt={renderedAt}
          />
        </li>
      ))}
    </ul>
  );
}
