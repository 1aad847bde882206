/** All offers: search, shop filter and sort over store's own copies (never calls catalog or music). */
import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { EmptyShelves } from "@/components/empty-shelves";
import { OfferGrid } from "@/components/offer-grid";
import { SortSelect } from "@/components/sort-select";
import { getDb } from "@/db/client";
import { countListedOffers, listOffers, offerSorts } from "@/db/queries/offers";
import { offerSources } from "@/db/schema";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "All offers" };

const PAGE = 48;
const MAX = 192;

/** Anything malformed in the address falls back to a default instead of an error page. */
const searchSchema = z.object({
  source: z.enum(offerSources).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  sort: z.enum(offerSorts).default("newest").catch("newest"),
  limit: z.coerce.number().int().min(PAGE).max(MAX).default(PAGE).catch(PAGE),
});

type Search = z.infer<typeof searchSchema>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

function hrefWith(search: Search, change: Partial<Search>): string {
  const next = { ...search, ...change };
  const params = new URLSearchParams();
  if (next.source) params.set("source", next.source);
  if (next.q) params.set("q", next.q);
  if (next.sort !== "newest") params.set("sort", next.sort);
  if (next.limit !== PAGE) params.set("limit", String(next.limit));
  const query = params.toString();
  return query ? `/offers?${query}` : "/offers";
}

const headings = { all: "All offers", catalog: "Books & gear", music: "Music" } as const;

export default async function OffersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = await searchParams;
  const search = searchSchema.parse({
    source: first(raw.source),
    q: first(raw.q),
    sort: first(raw.sort),
    limit: first(raw.limit),
  });
  const db = getDb();
  const offers = listOffers(db, search);
  const total = countListedOffers(db, search);
  const tabs = [
    { source: undefined, label: "Everything" },
    { source: "catalog", label: "Books & gear" },
    { source: "music", label: "Music" },
  ] as const;

  return (
    <div className="container-store pt-10">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-semibold tracking-tight text-ink-900">
            {headings[search.source ?? "all"]}
          </h1>
          <p className="mt-1 text-sm text-ink-500" aria-live="polite">
            {search.q ? (
              <>
                {total} {total === 1 ? "result" : "results"} for{" "}
                <q className="font-medium text-ink-900">{search.q}</q>
              </>
            ) : (
              <>
                {total} {total === 1 ? "offer" : "offers"} on sale
              </>
            )}
          </p>
        </div>
      </div>

      <div className="mt-6 flex flex-wrap items-center justify-between gap-4 border-b border-ink-200 pb-5">
        <nav aria-label="Shop filter" className="inline-flex rounded-full bg-ink-100 p-1">
          {tabs.map((tab) => {
            const active = search.source === tab.source;
            return (
              <Link
                key={tab.label}
                href={hrefWith(search, { source: tab.source, limit: PAGE })}
                aria-current={active ? "page" : undefined}
                className={`rounded-full px-4 py-1.5 text-sm font-medium ${
                  active ? "bg-white text-ink-900 shadow-sm" : "text-ink-500 hover:text-ink-900"
                }`}
              >
                {tab.label}
              </Link>
            );
          })}
        </nav>
        <form action="/offers" className="flex flex-wrap items-center gap-2">
          {search.source && <input type="hidden" name="source" value={search.source} />}
          <label htmlFor="offers-q" className="sr-only">
            Search within offers
          </label>
          <input
            id="offers-q"
            name="q"
            type="search"
            defaultValue={search.q}
            placeholder="Title, artist or category"
            className="w-56 rounded-full border border-ink-200 px-4 py-2 text-sm focus:border-accent-500 focus:outline-none focus:ring-4 focus:ring-accent-100"
          />
          <label htmlFor="sort" className="sr-only">
            Sort by
          </label>
          <SortSelect value={search.sort} />
          <button
            type="submit"
            className="rounded-full bg-accent-600 px-5 py-2 text-sm font-semibold text-white hover:bg-accent-700"
          >
            Apply
          </button>
        </form>
      </div>

      <div className="mt-8">
        {offers.length > 0 ? (
          <OfferGrid offers={offers} label={headings[search.source ?? "all"]} />
        ) : search.q ? (
          <EmptyShelves title="Nothing matches that search">
            Try a shorter word, or{" "}
            <Link className="font-medium text-accent-600 underline" href={hrefWith(search, { q: undefined })}>
              clear the search
            </Link>
            .
          </EmptyShelves>
        ) : (
          <EmptyShelves title="Nothing on sale here yet">
            Offers appear as soon as the Catalog and Music shops publish them, usually within a second.
          </EmptyShelves>
        )}
      </div>

      {total > offers.length && search.limit < MAX && (
        <div className="mt-10 text-center">
          <Link
            href={hrefWith(search, { limit: Math.min(MAX, search.limit + PAGE) })}
            scroll={false}
            className="inline-flex rounded-full border border-ink-300 px-6 py-2.5 text-sm font-semibold text-ink-900 hover:border-ink-900"
          >
            Show more ({total - offers.length} more)
          </Link>
        </div>
      )}
    </div>
  );
}
