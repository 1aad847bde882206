/** A small square picture of a cart or order line (the offer's image, or its drawn tile). */
import type { OfferSource } from "@/db/schema";
import { resolveImageUrl } from "@/domain/offers";
import { env } from "@/env";
import { OfferImage } from "./offer-image";

const ownerUrl = { catalog: env.CATALOG_URL, music: env.MUSIC_URL } as const;

export function LineThumb({
  source,
  itemId,
  image,
  title,
  size = "md",
}: {
  source: OfferSource;
  itemId: string;
  image: string;
  title: string;
  size?: "sm" | "md";
}) {
  return (
    <div
      className={`shrink-0 overflow-hidden border border-ink-200 bg-white ${
        size === "sm" ? "w-14 self-center rounded-lg" : "w-20 self-start rounded-xl sm:w-24"
      }`}
    >
      <OfferImage
        src={resolveImageUrl(image, ownerUrl[source])}
        alt=""
        seed={`${source}:${itemId}`}
        label={title}
        kind={source}
        compact
      />
    </div>
  );
}
