/**
 * One offer: picture, price, availability from store's copy of the stock, how fresh that copy
 * is, "Add to cart", and a link to the item's page in the shop that owns it.
 */
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { AddToCartForm } from "@/components/add-to-cart-form";
import { ArrowRightIcon, ShieldIcon } from "@/components/icons";
import { Notice } from "@/components/notice";
import { Availability, SourceBadge } from "@/components/offer-card";
import { OfferGrid } from "@/components/offer-grid";
import { OfferImage } from "@/components/offer-image";
import { UpdatedAgo } from "@/components/updated-ago";
import { getDb } from "@/db/client";
import { findOffer, listOffers } from "@/db/queries/offers";
import { type Offer, offerSources } from "@/db/schema";
import { categoryLabel, formatPrice, ownerPageUrl, resolveImageUrl, sourceLabel } from "@/domain/offers";
import { env } from "@/env";
import { segment } from "@/lib/path-param";

export const dynamic = "force-dynamic";

type Params = Promise<{ source: string; itemId: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const paramsSchema = z.object({ source: z.enum(offerSources), itemId: z.string().min(1).max(100) });

function offerOf(params: { source: string; itemId: string }): Offer | null {
  const parsed = paramsSchema.safeParse({ ...params, itemId: segment(params.itemId) });
  if (!parsed.success) return null;
  const offer = findOffer(getDb(), parsed.data.source, parsed.data.itemId);
  return offer && !offer.removed ? offer : null;
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const offer = offerOf(await params);
  return { title: offer ? offer.title : "Not on sale" };
}

const ownerUrl = { catalog: env.CATALOG_URL, music: env.MUSIC_URL } as const;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function OfferPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: SearchParams;
}) {
  const offer = offerOf(await params);
  if (!offer) notFound();
  const query = await searchParams;
  const added = first(query.added) === offer.itemId;
  const cartError = first(query.cartError)?.slice(0, 300);
  const renderedAt = Date.now();
  const selfUrl = `${env.STORE_URL}/offers/${offer.source}/${encodeURIComponent(offer.itemId)}`;
  const related = listOffers(getDb(), {
    source: offer.source,
    category: offer.source === "catalog" ? offer.category : undefined,
    limit: 5,
    sort: "newest",
    availableOnly: true,
  })
    .filter((o) => o.itemId !== offer.itemId)
    .slice(0, 4);
  const shop = sourceLabel[offer.source];

  return (
    <div className="container-store pt-8">
      <nav aria-label="Breadcrumb" className="text-sm text-ink-500">
        <ol className="flex flex-wrap items-center gap-1.5">
          <li>
            <Link href="/" className="hover:text-ink-900">
              Store
            </Link>
          </li>
          <li aria-hidden>/</li>
          <li>
            <Link href={`/offers?source=${offer.source}`} className="hover:text-ink-900">
              {offer.source === "music" ? "Music" : "Books & gear"}
            </Link>
          </li>
          {offer.source === "catalog" && (
            <>
              <li aria-hidden>/</li>
              <li>
                <Link
                  href={`/offers?source=catalog&category=${encodeURIComponent(offer.category)}`}
                  className="hover:text-ink-900"
                >
                  {categoryLabel(offer.category)}
                </Link>
              </li>
            </>
          )}
          <li aria-hidden>/</li>
          <li aria-current="page" className="max-w-[16rem] truncate text-ink-900">
            {offer.title}
          </li>
        </ol>
      </nav>

      <div className="mt-6 grid gap-8 md:grid-cols-2 md:gap-12">
        <div className="group self-start overflow-hidden rounded-[1.5rem] border border-ink-200 bg-white shadow-card">
          <OfferImage
            src={resolveImageUrl(offer.image, ownerUrl[offer.source])}
            alt={offer.source === "music" ? `Cover of ${offer.title}` : offer.title}
            seed={`${offer.source}:${offer.itemId}`}
            label={offer.title}
            kind={offer.source}
          />
        </div>

        <div className="flex flex-col">
          <div className="flex items-center gap-2">
            <SourceBadge source={offer.source} />
            <span className="text-sm text-ink-500">{categoryLabel(offer.category)}</span>
          </div>
          <h1 className="mt-3 text-3xl font-semibold leading-tight tracking-tight text-ink-900 sm:text-4xl">
            {offer.title}
          </h1>
          {offer.artist && <p className="mt-2 text-lg text-ink-700">{offer.artist}</p>}

          <div className="mt-6 flex flex-wrap items-baseline gap-x-4 gap-y-2">
            <p data-testid="offer-price" className="text-3xl font-semibold tracking-tight text-ink-900">
              {formatPrice(offer.priceCents, offer.currency)}
            </p>
            <p className="text-sm font-medium" data-testid="offer-availability">
              <Availability offer={offer} />
            </p>
          </div>
          <p className="mt-1 text-xs text-ink-500" data-testid="offer-freshness">
            {offer.source === "music" ? "Price" : "Price and stock"} as the {shop} shop last published{" "}
            {offer.source === "music" ? "it" : "them"},{" "}
            <UpdatedAgo at={offer.updatedAt} renderedAt={renderedAt} />.
          </p>

          <div className={added || cartError ? "mt-6 space-y-3" : "hidden"}>
            {added && (
              <Notice tone="success" testId="cart-added">
                <strong className="font-semibold">Added to your cart.</strong>{" "}
                <Link href="/cart" className="font-semibold text-accent-700 underline underline-offset-2">
                  View cart
                </Link>{" "}
                or{" "}
                <Link href="/checkout" className="font-semibold text-accent-700 underline underline-offset-2">
                  check out
                </Link>
                .
              </Notice>
            )}
            {cartError && (
              <Notice tone="error" testId="cart-error">
                {cartError}
              </Notice>
            )}
          </div>

          <div className="mt-6 rounded-card border border-ink-200 bg-white p-5 shadow-card">
            <AddToCartForm offer={offer} returnTo={selfUrl} />
            <p className="mt-4 flex items-start gap-2 text-sm text-ink-500">
              <ShieldIcon className="mt-0.5 size-4 shrink-0 text-accent-600" />
              {offer.source === "music"
                ? "A digital album: it appears in My library in the Music shop once your order is confirmed."
                : "We confirm your order only once the Catalog shop has reserved the stock for you."}
            </p>
          </div>

          {offer.description && (
            <div className="mt-8">
              <h2 className="text-sm font-semibold uppercase tracking-[0.14em] text-ink-500">
                About this item
              </h2>
              <p className="mt-2 whitespace-pre-line leading-relaxed text-ink-700">{offer.description}</p>
            </div>
          )}

          <dl className="mt-8 grid grid-cols-2 gap-x-6 gap-y-3 border-t border-ink-200 pt-6 text-sm">
            <div>
              <dt className="text-ink-500">Sold by</dt>
              <dd className="font-medium text-ink-900">The {shop} shop</dd>
            </div>
            {offer.sku && (
              <div>
                <dt className="text-ink-500">SKU</dt>
                <dd className="font-mono text-ink-900">{offer.sku}</dd>
              </div>
            )}
            {offer.trackCount !== null && (
              <div>
                <dt className="text-ink-500">Tracks</dt>
                <dd className="font-medium text-ink-900">{offer.trackCount}</dd>
              </div>
            )}
            {offer.stock !== null && (
              <div>
                <dt className="text-ink-500">In stock</dt>
                <dd className="font-medium text-ink-900">{offer.stock}</dd>
              </div>
            )}
          </dl>

          <a
            href={ownerPageUrl(offer, ownerUrl)}
            data-testid="owner-link"
            className="mt-8 inline-flex items-center gap-2 self-start font-semibold text-accent-600 hover:text-accent-700"
          >
            {offer.source === "music" ? "Listen to previews in the Music shop" : "See it in the Catalog shop"}
            <ArrowRightIcon className="size-4" />
          </a>
        </div>
      </div>

      {related.length > 0 && (
        <section aria-labelledby="related" className="mt-16">
          <h2 id="related" className="mb-5 text-2xl font-semibold tracking-tight text-ink-900">
            {offer.source === "music" ? "More albums" : `More in ${categoryLabel(offer.category)}`}
          </h2>
          <OfferGrid offers={related} label="Related offers" />
        </section>
      )}
    </div>
  );
}
