/** One offer in the storefront grid: picture, shop, title, price, availability, freshness. */
import Link from "next/link";
import type { Offer } from "@/db/schema";
import { categoryLabel, formatPrice, sourceLabel } from "@/domain/offers";
import { OfferImage } from "./offer-image";
import { UpdatedAgo } from "./updated-ago";

export function SourceBadge({ source }: { source: Offer["source"] }) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-[0.7rem] font-semibold uppercase tracking-wider ${
        source === "music" ? "bg-ink-900 text-white" : "bg-highlight-100 text-highlight-600"
      }`}
    >
      {sourceLabel[source]}
    </span>
  );
}

/** The offer's page in the store. */
export const offerHref = (offer: Pick<Offer, "source" | "itemId">) =>
  `/offers/${offer.source}/${encodeURIComponent(offer.itemId)}`;

export function Availability({ offer }: { offer: Pick<Offer, "available" | "stock" | "source"> }) {
  if (!offer.available) {
    return (
      <span className="inline-flex items-center gap-1.5 text-ink-500">
        <span aria-hidden className="size-2 rounded-full bg-ink-300" />
        Out of stock
      </span>
    );
  }
  const few = offer.stock !== null && offer.stock <= 5;
  return (
    <span className={`inline-flex items-center gap-1.5 ${few ? "text-warn-600" : "text-ok-600"}`}>
      <span aria-hidden className={`size-2 rounded-full ${few ? "bg-warn-600" : "bg-ok-600"}`} />
      {offer.source === "music" ? "Available" : few ? `Only ${offer.stock} left` : "In stock"}
    </span>
  );
}

export function OfferCard({ offer, image, renderedAt }: { offer: Offer; image: string; renderedAt: number }) {
  const byline =
    offer.source === "music"
      ? [offer.artist, offer.trackCount ? `${offer.trackCount} tracks` : null].filter(Boolean).join(" · ")
      : categoryLabel(offer.category);
  return (
    <article
      data-testid="offer"
      data-source={offer.source}
      data-item-id={offer.itemId}
      className="group relative flex w-full flex-col overflow-hidden rounded-card border border-ink-200 bg-white shadow-card transition focus-within:ring-4 focus-within:ring-accent-100 hover:-translate-y-0.5 hover:shadow-lift"
    >
      <div className="relative">
        <OfferImage
          src={image}
          alt=""
          seed={`${offer.source}:${offer.itemId}`}
          label={offer.title}
          kind={offer.source}
        />
        <div className="absolute left-3 top-3">
          <SourceBadge source={offer.source} />
        </div>
      </div>
      <div className="flex flex-1 flex-col gap-1 p-4">
        <h3 className="line-clamp-2 font-semibold leading-snug text-ink-900">
          <Link
            href={offerHref(offer)}
            className="after:absolute after:inset-0 after:content-[''] focus:outline-none group-hover:text-accent-700"
          >
            {offer.title}
          </Link>
        </h3>
        {byline && <p className="line-clamp-1 text-sm text-ink-500">{byline}</p>}
        <div className="mt-auto flex flex-wrap items-end justify-between gap-x-2 gap-y-1 pt-3">
          <p data-testid="offer-price" className="text-xl font-semibold tracking-tight text-ink-900">
            {formatPrice(offer.priceCents, offer.currency)}
          </p>
          <p className="whitespace-nowrap text-xs font-medium">
            <Availability offer={offer} />
          </p>
        </div>
        <p className="text-[0.7rem] text-ink-500">
          <UpdatedAgo at={offer.updatedAt} renderedAt={renderedAt} />
        </p>
      </div>
    </article>
  );
}
