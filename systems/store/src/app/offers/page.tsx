/**
 * All offers: search, shop, category, price range, availability, sort and pages, over store's own
 * copies (never calls catalog or music).
 */
import type { Metadata } from "next";
import Link from "next/link";
import { EmptyShelves } from "@/components/empty-shelves";
import { OfferGrid } from "@/components/offer-grid";
import { SortSelect } from "@/components/sort-select";
import { getDb } from "@/db/client";
import { countListedOffers, listCategories, listOffers } from "@/db/queries/offers";
import { categoryLabel, formatPrice } from "@/domain/offers";
import { filterOf, hrefWith, PAGE_SIZE, pageWindow, parseSearch, type Search } from "./search";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "All offers" };

const headings = { all: "All offers", catalog: "Books & gear", music: "Music" } as const;

const tabs = [
  { source: undefined, label: "Everything" },
  { source: "catalog", label: "Books & gear" },
  { source: "music", label: "Music" },
] as const;

export default async function OffersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const search = parseSearch(await searchParams);
  const db = getDb();
  const filter = filterOf(search);
  const total = countListedOffers(db, filter);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(search.page, pages);
  const offers = listOffers(db, { ...filter, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const categories = listCategories(db, search.source, 60);
  const from = total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1;
  const to = Math.min(total, page * PAGE_SIZE);
  const chips = activeFilters(search);

  return (
    <div className="container-store pt-10">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-semibold tracking-tight text-ink-900">
            {headings[search.source ?? "all"]}
          </h1>
          <p className="mt-1 text-sm text-ink-500" aria-live="polite" data-testid="offers-total">
            {search.q ? (
              <>
                {total} {total === 1 ? "result" : "results"} for{" "}
                <q className="font-medium text-ink-900">{search.q}</q>
              </>
            ) : (
              <>
                {total} {total === 1 ? "offer" : "offers"}
                {chips.length > 0 ? " match your filters" : " on sale"}
              </>
            )}
          </p>
        </div>
        <nav aria-label="Shop filter" className="inline-flex rounded-full bg-ink-100 p-1">
          {tabs.map((tab) => {
            const active = search.source === tab.source;
            return (
              <Link
                key={tab.label}
                href={hrefWith(search, { source: tab.source, category: undefined })}
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
      </div>

      <div className="mt-8 grid gap-8 lg:grid-cols-[15rem_minmax(0,1fr)]">
        <aside aria-labelledby="filters-heading">
          <h2 id="filters-heading" className="sr-only">
            Filters
          </h2>
          <form
            action="/offers"
            className="grid grid-cols-2 gap-x-3 gap-y-4 rounded-card border border-ink-200 bg-white p-4 sm:gap-x-4 sm:p-5 lg:sticky lg:top-4 lg:grid-cols-1 lg:gap-y-5"
          >
            {search.source && <input type="hidden" name="source" value={search.source} />}
            <div className="col-span-2 lg:col-span-1">
              <label htmlFor="offers-q" className="text-sm font-semibold text-ink-900">
                Search
              </label>
              <input
                id="offers-q"
                name="q"
                type="search"
                defaultValue={search.q}
                placeholder="Title, artist or category"
                className="mt-1.5 w-full rounded-xl border border-ink-200 px-3 py-2 text-sm focus:border-accent-500 focus:outline-none focus:ring-4 focus:ring-accent-100"
              />
            </div>
            <div>
              <label htmlFor="offers-category" className="text-sm font-semibold text-ink-900">
                Category
              </label>
              <select
                id="offers-category"
                name="category"
                defaultValue={search.category ?? ""}
                className="mt-1.5 w-full rounded-xl border border-ink-200 bg-white px-3 py-2 text-sm focus:border-accent-500 focus:outline-none focus:ring-4 focus:ring-accent-100"
              >
                <option value="">All categories</option>
                {categories.map(({ category, n }) => (
                  <option key={category} value={category}>
                    {categoryLabel(category)} ({n})
                  </option>
                ))}
                {search.category && !categories.some((c) => c.category === search.category) && (
                  <option value={search.category}>{categoryLabel(search.category)}</option>
                )}
              </select>
            </div>
            <fieldset>
              <legend className="text-sm font-semibold text-ink-900">Price (€)</legend>
              <div className="mt-1.5 flex items-center gap-2">
                <label htmlFor="offers-min" className="sr-only">
                  Lowest price in euros
                </label>
                <input
                  id="offers-min"
                  name="min"
                  type="number"
                  inputMode="decimal"
                  min={0}
                  step="0.01"
                  placeholder="Min"
                  defaultValue={search.min}
                  className="w-full min-w-0 rounded-xl border border-ink-200 px-3 py-2 text-sm focus:border-accent-500 focus:outline-none focus:ring-4 focus:ring-accent-100"
                />
                <span aria-hidden className="text-ink-500">
                  –
                </span>
                <label htmlFor="offers-max" className="sr-only">
                  Highest price in euros
                </label>
                <input
                  id="offers-max"
                  name="max"
                  type="number"
                  inputMode="decimal"
                  min={0}
                  step="0.01"
                  placeholder="Max"
                  defaultValue={search.max}
                  className="w-full min-w-0 rounded-xl border border-ink-200 px-3 py-2 text-sm focus:border-accent-500 focus:outline-none focus:ring-4 focus:ring-accent-100"
                />
              </div>
            </fieldset>
            <div>
              <label htmlFor="sort" className="text-sm font-semibold text-ink-900">
                Sort by
              </label>
              <div className="mt-1.5">
                <SortSelect value={search.sort} />
              </div>
            </div>
            <label className="flex cursor-pointer items-center gap-2.5 self-end pb-2 text-sm text-ink-900 lg:self-auto lg:pb-0">
              <input
                type="checkbox"
                name="available"
                value="1"
                defaultChecked={search.available}
                className="size-4 rounded border-ink-300 accent-accent-600"
              />
              Available now only
            </label>
            <div className="col-span-2 flex items-center gap-3 lg:col-span-1">
              <button
                type="submit"
                className="flex-1 rounded-full bg-accent-600 px-5 py-2 text-sm font-semibold text-white hover:bg-accent-700"
              >
                Apply filters
              </button>
              {chips.length > 0 && (
                <Link
                  href={hrefWith(search, {
                    q: undefined,
                    category: undefined,
                    min: undefined,
                    max: undefined,
                    available: false,
                  })}
                  className="text-sm font-medium text-accent-600 hover:text-accent-700"
                >
                  Clear
                </Link>
              )}
            </div>
          </form>
        </aside>

        <section aria-labelledby="results-heading">
          <h2 id="results-heading" className="sr-only">
            Results
          </h2>
          {chips.length > 0 && (
            <ul aria-label="Active filters" className="mb-5 flex flex-wrap gap-2">
              {chips.map((chip) => (
                <li key={chip.label}>
                  <Link
                    href={hrefWith(search, chip.clear)}
                    className="inline-flex items-center gap-1.5 rounded-full bg-accent-50 px-3 py-1 text-sm font-medium text-accent-700 hover:bg-accent-100"
                  >
                    {chip.label}
                    <span aria-hidden>×</span>
                    <span className="sr-only">(remove this filter)</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}

          {offers.length > 0 ? (
            <OfferGrid offers={offers} label={headings[search.source ?? "all"]} dense />
          ) : chips.length > 0 ? (
            <EmptyShelves title="Nothing matches these filters">
              Try a wider price range or another category, or{" "}
              <Link
                className="font-medium text-accent-600 underline"
                href={hrefWith(search, {
                  q: undefined,
                  category: undefined,
                  min: undefined,
                  max: undefined,
                  available: false,
                })}
              >
                clear all filters
              </Link>
              .
            </EmptyShelves>
          ) : (
            <EmptyShelves title="Nothing on sale here yet">
              Offers appear as soon as the Catalog and Music shops publish them, usually within a second.
            </EmptyShelves>
          )}

          {pages > 1 && (
            <nav aria-label="Pages" className="mt-10 flex flex-col items-center gap-3">
              <p className="text-sm text-ink-500">
                Showing {from}–{to} of {total}
              </p>
              <ul className="flex flex-wrap items-center justify-center gap-1">
                <li>
                  <PageLink search={search} page={page - 1} disabled={page <= 1} label="Previous page">
                    ← Previous
                  </PageLink>
                </li>
                {pageWindow(page, pages).map((n, i) =>
                  n === "gap" ? (
                    // biome-ignore lint/suspicious/noArrayIndexKey: gaps have no identity of their own
                    <li key={`gap-${i}`} aria-hidden className="px-2 text-ink-500">
                      …
                    </li>
                  ) : (
                    <li key={n}>
                      <PageLink search={search} page={n} current={n === page} label={`Page ${n}`}>
                        {n}
                      </PageLink>
                    </li>
                  ),
                )}
                <li>
                  <PageLink search={search} page={page + 1} disabled={page >= pages} label="Next page">
                    Next →
                  </PageLink>
                </li>
              </ul>
            </nav>
          )}
        </section>
      </div>
    </div>
  );
}

function PageLink({
  search,
  page,
  current,
  disabled,
  label,
  children,
}: {
  search: Search;
  page: number;
  current?: boolean;
  disabled?: boolean;
  label: string;
  children: React.ReactNode;
}) {
  const base = "inline-flex min-w-10 justify-center rounded-full px-3 py-2 text-sm font-medium";
  if (disabled) {
    return (
      <span aria-disabled="true" className={`${base} text-ink-300`}>
        {children}
      </span>
    );
  }
  return (
    <Link
      href={hrefWith(search, { page })}
      aria-label={label}
      aria-current={current ? "page" : undefined}
      className={`${base} ${current ? "bg-ink-900 text-white" : "text-ink-700 hover:bg-ink-100"}`}
    >
      {children}
    </Link>
  );
}

function activeFilters(search: Search): { label: string; clear: Partial<Search> }[] {
  const chips: { label: string; clear: Partial<Search> }[] = [];
  if (search.q) chips.push({ label: `“${search.q}”`, clear: { q: undefined } });
  if (search.category) chips.push({ label: categoryLabel(search.category), clear: { category: undefined } });
  const euro = (v: number) => formatPrice(Math.round(v * 100));
  if (search.min !== undefined && search.max !== undefined) {
    chips.push({
      label: `${euro(search.min)} – ${euro(search.max)}`,
      clear: { min: undefined, max: undefined },
    });
  } else if (search.min !== undefined) {
    chips.push({ label: `From ${euro(search.min)}`, clear: { min: undefined } });
  } else if (search.max !== undefined) {
    chips.push({ label: `Up to ${euro(search.max)}`, clear: { max: undefined } });
  }
  if (search.available) chips.push({ label: "Available now", clear: { available: false } });
  return chips;
}
