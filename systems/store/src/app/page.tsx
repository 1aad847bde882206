/** The shop front: what store currently offers from catalog and music, from its own database. */
import Link from "next/link";
import { EmptyShelves } from "@/components/empty-shelves";
import { ArrowRightIcon, BoxIcon, DiscIcon } from "@/components/icons";
import { offerHref } from "@/components/offer-card";
import { OfferGrid } from "@/components/offer-grid";
import { UpdatedAgo } from "@/components/updated-ago";
import { getDb } from "@/db/client";
import { countListedOffers, lastOfferUpdate, listCategories, listOffers } from "@/db/queries/offers";
import { categoryLabel, formatPrice } from "@/domain/offers";

export const dynamic = "force-dynamic";

export default function HomePage() {
  const db = getDb();
  const renderedAt = Date.now();
  const catalog = listOffers(db, { source: "catalog", limit: 8, sort: "newest" });
  const music = listOffers(db, { source: "music", limit: 4, sort: "newest" });
  const justPriced = listOffers(db, { limit: 4, sort: "newest" });
  const counts = {
    catalog: countListedOffers(db, { source: "catalog" }),
    music: countListedOffers(db, { source: "music" }),
  };
  const categories = listCategories(db, "catalog", 8);
  const lastUpdate = lastOfferUpdate(db);

  return (
    <>
      <section className="container-store pt-8">
        <div className="relative overflow-hidden rounded-[1.75rem] bg-accent-900 text-white">
          <div
            aria-hidden
            className="absolute inset-0 opacity-90"
            style={{
              background:
                "radial-gradient(60rem 30rem at 110% -10%, rgb(36 87 230 / 0.9), transparent 60%), radial-gradient(40rem 24rem at -10% 120%, rgb(247 183 51 / 0.25), transparent 60%)",
            }}
          />
          <div className="relative grid grid-cols-1 gap-10 px-6 py-12 sm:px-10 md:grid-cols-[minmax(0,1.15fr)_minmax(0,1fr)] md:py-16">
            <div>
              <p className="text-sm font-semibold uppercase tracking-[0.18em] text-highlight-400">
                Catalog + Music, one checkout
              </p>
              <h1 className="mt-4 text-4xl font-semibold leading-[1.05] tracking-tight sm:text-5xl">
                Everything from the Suite, in one basket.
              </h1>
              <p className="mt-5 max-w-lg text-lg leading-relaxed text-accent-100">
                Books, gear and records from our Catalog and Music shops, with prices kept current and a
                single account for all of them.
              </p>
              <div className="mt-8 flex flex-wrap gap-3">
                <Link
                  href="/offers"
                  className="inline-flex items-center gap-2 rounded-full bg-highlight-400 px-6 py-3 font-semibold text-ink-900 shadow-sm hover:bg-white"
                >
                  Browse all offers <ArrowRightIcon className="size-4" />
                </Link>
                <Link
                  href="/offers?source=music"
                  className="inline-flex items-center gap-2 rounded-full border border-white/30 px-6 py-3 font-semibold text-white hover:bg-white/10"
                >
                  Shop music
                </Link>
              </div>
              <dl className="mt-10 flex gap-8 text-sm">
                <div>
                  <dt className="text-accent-200">Books &amp; gear</dt>
                  <dd className="mt-1 text-2xl font-semibold">{counts.catalog}</dd>
                </div>
                <div>
                  <dt className="text-accent-200">Albums</dt>
                  <dd className="mt-1 text-2xl font-semibold">{counts.music}</dd>
                </div>
              </dl>
            </div>

            <div className="self-center">
              <div className="mx-auto max-w-sm rotate-1 rounded-2xl bg-white p-6 text-ink-900 shadow-2xl">
                <div className="flex items-center justify-between">
                  <p className="text-xs font-semibold uppercase tracking-[0.18em] text-ink-500">
                    Just priced
                  </p>
                  <span className="rounded-full bg-accent-50 px-2 py-0.5 text-xs font-medium text-accent-700">
                    Live
                  </span>
                </div>
                {justPriced.length > 0 ? (
                  <ul className="mt-4 divide-y divide-dashed divide-ink-200">
                    {justPriced.map((offer) => (
                      <li key={`${offer.source}:${offer.itemId}`} className="flex items-center gap-3 py-3">
                        {offer.source === "music" ? (
                          <DiscIcon className="size-5 shrink-0 text-ink-500" />
                        ) : (
                          <BoxIcon className="size-5 shrink-0 text-ink-500" />
                        )}
                        <Link
                          href={offerHref(offer)}
                          className="min-w-0 flex-1 truncate text-sm hover:text-accent-700 hover:underline"
                        >
                          {offer.title}
                        </Link>
                        <span className="font-mono text-sm font-semibold tabular-nums">
                          {formatPrice(offer.priceCents, offer.currency)}
                        </span>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="mt-4 border-y border-dashed border-ink-200 py-6 text-sm text-ink-500">
                    The first prices appear here as soon as the shops publish them.
                  </p>
                )}
                <p className="mt-4 text-xs text-ink-500">
                  {lastUpdate ? (
                    <UpdatedAgo at={lastUpdate} renderedAt={renderedAt} prefix="Last change" />
                  ) : (
                    "Waiting for the shops"
                  )}
                </p>
              </div>
            </div>
          </div>
        </div>
      </section>

      {categories.length > 0 && (
        <section aria-labelledby="categories" className="container-store mt-10">
          <h2 id="categories" className="sr-only">
            Shop by category
          </h2>
          <ul className="flex flex-wrap gap-2">
            {categories.map(({ category, n }) => (
              <li key={category}>
                <Link
                  href={`/offers?source=catalog&category=${encodeURIComponent(category)}`}
                  className="inline-flex items-center gap-2 rounded-full border border-ink-200 px-4 py-2 text-sm font-medium text-ink-700 hover:border-accent-500 hover:text-accent-700"
                >
                  {categoryLabel(category)}
                  <span className="text-xs text-ink-500">{n}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}

      <Shelf
        id="from-catalog"
        title="New in books & gear"
        subtitle="Fresh from the Catalog shop"
        href="/offers?source=catalog&sort=newest"
        linkLabel={`All ${counts.catalog} from Catalog`}
      >
        {catalog.length > 0 ? (
          <OfferGrid offers={catalog} label="New in books and gear" />
        ) : (
          <EmptyShelves title="The Catalog shelves are being stocked">
            Products appear here as soon as the Catalog shop publishes them, usually within a second.
          </EmptyShelves>
        )}
      </Shelf>

      <Shelf
        id="from-music"
        title="New albums"
        subtitle="Released through the Music shop"
        href="/offers?source=music&sort=newest"
        linkLabel={`All ${counts.music} albums`}
      >
        {music.length > 0 ? (
          <OfferGrid offers={music} label="New albums" />
        ) : (
          <EmptyShelves title="No albums on sale yet">
            Albums appear here as soon as the Music shop publishes them.
          </EmptyShelves>
        )}
      </Shelf>
    </>
  );
}

function Shelf({
  id,
  title,
  subtitle,
  href,
  linkLabel,
  children,
}: {
  id: string;
  title: string;
  subtitle: string;
  href: string;
  linkLabel: string;
  children: React.ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="container-store mt-14">
      <div className="mb-5 flex flex-wrap items-end justify-between gap-2">
        <div>
          <h2 id={id} className="text-2xl font-semibold tracking-tight text-ink-900">
            {title}
          </h2>
          <p className="mt-1 text-sm text-ink-500">{subtitle}</p>
        </div>
        <Link
          href={href}
          className="inline-flex items-center gap-1.5 text-sm font-semibold text-accent-600 hover:text-accent-700"
        >
          {linkLabel} <ArrowRightIcon className="size-4" />
        </Link>
      </div>
      {children}
    </section>
  );
}
