/**
 * Offers are store's copies of what catalog and music sell. These functions turn an owner's
 * full-state event into the row store keeps; the handlers apply them under the version rule.
 */
import type { CloudEvent } from "@scs/contracts/envelope";
import type { Offer, OfferSource, OfferState } from "@/db/schema";

/** The owner's aggregate version of a state-copying event; such events always carry one. */
export function versionOf(event: Pick<CloudEvent, "type" | "id" | "aggregateversion">): number {
  if (event.aggregateversion === undefined) {
    throw new Error(`${event.type} ${event.id} has no aggregateversion: cannot order it`);
  }
  return event.aggregateversion;
}

export function offerFromProduct(
  event: CloudEvent<"catalog.product.upserted">,
  appliedAt: number,
): OfferState {
  const product = event.data;
  return {
    source: "catalog",
    itemId: product.id,
    title: product.title,
    description: product.description || null,
    artist: null,
    sku: product.sku,
    trackCount: null,
    priceCents: product.priceCents,
    currency: product.currency,
    category: product.category,
    image: product.image,
    stock: product.stock,
    available: product.stock > 0,
    removed: false,
    version: versionOf(event),
    changedAt: Date.parse(event.time),
    updatedAt: appliedAt,
  };
}

export function offerFromAlbum(event: CloudEvent<"music.album.upserted">, appliedAt: number): OfferState {
  const album = event.data;
  return {
    source: "music",
    itemId: album.id,
    title: album.title,
    description: null,
    artist: album.artist,
    sku: null,
    trackCount: album.trackCount,
    priceCents: album.priceCents,
    currency: album.currency,
    // music.album.upserted carries no genre (schema v1): every album is filed under "Music".
    category: "Music",
    image: album.cover,
    stock: null,
    // music publishes only published albums: a published album is always available.
    available: true,
    removed: false,
    version: versionOf(event),
    changedAt: Date.parse(event.time),
    updatedAt: appliedAt,
  };
}

/** An image URL the browser can load: owners may publish a path on their own origin. */
export function resolveImageUrl(image: string, ownerUrl: string): string {
  if (!image) return "";
  if (/^https?:\/\//i.test(image)) return image;
  if (image.startsWith("/") && !image.startsWith("//")) return `${ownerUrl}${image}`;
  return "";
}

/** The item's own page in the shop that owns it (catalog's product page, music's album page). */
export function ownerPageUrl(
  offer: Pick<Offer, "source" | "itemId">,
  urls: Record<OfferSource, string>,
): string {
  const id = encodeURIComponent(offer.itemId);
  return offer.source === "music" ? `${urls.music}/albums/${id}` : `${urls.catalog}/products/${id}`;
}

/**
 * How a category reads in the store. Owners publish stable slugs ("home-kitchen", "books"); the
 * store shows them as words ("Home & Kitchen", "Books"). Anything else is shown as it came.
 */
export function categoryLabel(category: string): string {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(category)) return category;
  const words = category.split("-").map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return words.length === 2 ? words.join(" & ") : words.join(" ");
}

export const sourceLabel: Record<OfferSource, string> = { catalog: "Catalog", music: "Music" };

/** `€12.50`-style price for the storefront (offers are priced in euro cents). */
export function formatPrice(cents: number, currency = "EUR"): string {
  return priceFormat(currency).format(cents / 100);
}

// One formatter per currency: building an Intl.NumberFormat costs far more than formatting with
// it, and the storefront formats dozens of prices per request (4 % of its CPU profile).
const priceFormats = new Map<string, Intl.NumberFormat>();
function priceFormat(currency: string): Intl.NumberFormat {
  let format = priceFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat("en-IE", { style: "currency", currency });
    priceFormats.set(currency, format);
  }
  return format;
}

export type { Offer };
