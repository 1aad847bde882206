import type { Metadata } from "next";
import Link from "next/link";
import { Pagination } from "@/components/pagination";
import { ProductCard } from "@/components/product-card";
import { getDb } from "@/db/client";
import {
  countByCategory,
  type ProductSort,
  priceRange,
  productSorts,
  searchProducts,
} from "@/db/queries/products";
import { categories } from "@/domain/categories";
import { formatPrice } from "@/domain/money";
import { toProduct } from "@/domain/products";
import { eurosParam, listingHref, type RawSearchParams, readListingParams } from "@/lib/listing-params";

export const dynamic = "force-dynamic";

const PAGE_SIZE = 12;

type SearchParams = Promise<RawSearchParams>;

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  const { q, category } = readListingParams(await searchParams);
  return { title: q ? `“${q}”` : (category?.name ?? "All goods") };
}

const sortLabels: Record<ProductSort, string> = {
  relevance: "Best match",
  featured: "Featured",
  newest: "Newest",
  "price-asc": "Price, low to high",
  "price-desc": "Price, high to low",
  title: "A–Z",
};

const chip =
  "inline-flex items-center gap-1.5 rounded-full border border-ink-900/15 bg-white px-3 py-1 text-sm hover:border-accent-500 hover:text-accent-700";

export default async function ProductsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = readListingParams(await searchParams);
  const { q, category, sort, page, minPriceCents, maxPriceCents, inStockOnly } = params;
  const db = getDb();
  const { rows, total } = searchProducts(db, {
    q,
    category: category?.slug,
    minPriceCents,
    maxPriceCents,
    inStockOnly,
    sort,
    page,
    pageSize: PAGE_SIZE,
  });
  const products = rows.map(toProduct);
  const counts = countByCategory(db);
  const range = priceRange(db);
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const first = total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1;
  const last = Math.min(total, page * PAGE_SIZE);
  const sorts = productSorts.filter((s) => s !== "relevance" || q);
  const priceFiltered = minPriceCents !== undefined || maxPriceCents !== undefined;
  const filtered = priceFiltered || inStockOnly;

  const priceLabel =
    minPriceCents !== undefined && maxPriceCents !== undefined
      ? `${formatPrice(minPriceCents)} – ${formatPrice(maxPriceCents)}`
      : minPriceCents !== undefined
        ? `From ${formatPrice(minPriceCents)}`
        : `Up to ${formatPrice(maxPriceCents ?? 0)}`;

  return (
    <div className="mx-auto max-w-6xl px-4 sm:px-6">
      <div className="border-b border-ink-900/10 py-10">
        <nav aria-label="Breadcrumb" className="text-sm text-ink-500">
          <Link href="/" className="hover:text-accent-700">
            Home
          </Link>
          <span aria-hidden> / </span>
          {category ? (
            <>
              <Link href="/products" className="hover:text-accent-700">
                All goods
              </Link>
              <span aria-hidden> / </span>
              <span className="text-ink-700">{category.name}</span>
            </>
          ) : (
            <span className="text-ink-700">All goods</span>
          )}
        </nav>
        <h1 className="mt-3 font-display text-4xl tracking-tight sm:text-5xl">
          {q ? (
            <>
              Results for <em className="text-accent-700">“{q}”</em>
            </>
          ) : (
            (category?.name ?? "All goods")
          )}
        </h1>
        <p className="mt-3 max-w-2xl text-ink-700">
          {q
            ? `${total} ${total === 1 ? "item matches" : "items match"} your search${category ? ` in ${category.name}` : ""}.`
            : (category?.blurb ?? "Everything in the catalog, from cast iron to colouring pencils.")}
        </p>
      </div>

      <div className="grid gap-8 py-10 lg:grid-cols-[14rem_1fr] lg:gap-10">
        <aside aria-label="Filters" className="min-w-0 space-y-6 lg:space-y-8">
          <div>
            <h2 className="kicker">Department</h2>
            <ul className="-mx-4 mt-3 flex gap-2 overflow-x-auto px-4 pb-1 text-sm lg:mx-0 lg:block lg:space-y-1 lg:overflow-visible lg:px-0">
              <li className="shrink-0">
                <Link
                  href={listingHref(params, { category: null })}
                  aria-current={!category ? "page" : undefined}
                  className="flex shrink-0 justify-between gap-3 whitespace-nowrap rounded-full border border-ink-900/15 px-3 py-1.5 hover:bg-white aria-[current=page]:border-forest-800 aria-[current=page]:bg-forest-800 aria-[current=page]:text-paper lg:rounded-md lg:border-0 lg:px-2"
                >
                  All goods{" "}
                  <span className="tabular-nums opacity-70">
                    {[...counts.values()].reduce((a, b) => a + b, 0)}
                  </span>
                </Link>
              </li>
              {categories.map((c) => (
                <li key={c.slug} className="shrink-0">
                  <Link
                    href={listingHref(params, { category: c.slug })}
                    aria-current={category?.slug === c.slug ? "page" : undefined}
                    className="flex shrink-0 justify-between gap-3 whitespace-nowrap rounded-full border border-ink-900/15 px-3 py-1.5 hover:bg-white aria-[current=page]:border-forest-800 aria-[current=page]:bg-forest-800 aria-[current=page]:text-paper lg:rounded-md lg:border-0 lg:px-2"
                  >
                    {c.name} <span className="tabular-nums opacity-70">{counts.get(c.slug) ?? 0}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </div>

          <form
            action="/products"
            className="rounded-xl border border-ink-900/10 bg-white/60 p-4 lg:p-0 lg:border-0 lg:bg-transparent"
          >
            {q ? <input type="hidden" name="q" value={q} /> : null}
            {category ? <input type="hidden" name="category" value={category.slug} /> : null}
            {sort !== (q ? "relevance" : "featured") ? (
              <input type="hidden" name="sort" value={sort} />
            ) : null}
            <fieldset>
              <legend className="kicker">Price</legend>
              <div className="mt-3 flex items-center gap-2">
                <div className="min-w-0 flex-1">
                  <label htmlFor="price-min" className="mb-1 block text-xs text-ink-500">
                    From (€)
                  </label>
                  <input
                    id="price-min"
                    name="min"
                    type="text"
                    inputMode="decimal"
                    defaultValue={minPriceCents !== undefined ? eurosParam(minPriceCents) : ""}
                    placeholder={range ? eurosParam(Math.floor(range.min / 100) * 100) : "0"}
                    className="field-input tabular-nums"
                  />
                </div>
                <span aria-hidden className="mt-5 text-ink-500">
                  –
                </span>
                <div className="min-w-0 flex-1">
                  <label htmlFor="price-max" className="mb-1 block text-xs text-ink-500">
                    To (€)
                  </label>
                  <input
                    id="price-max"
                    name="max"
                    type="text"
                    inputMode="decimal"
                    defaultValue={maxPriceCents !== undefined ? eurosParam(maxPriceCents) : ""}
                    placeholder={range ? eurosParam(Math.ceil(range.max / 100) * 100) : ""}
                    className="field-input tabular-nums"
                  />
                </div>
              </div>
            </fieldset>
            <label className="mt-5 flex cursor-pointer items-center gap-2.5 text-sm font-medium">
              <input
                type="checkbox"
                name="instock"
                value="1"
                defaultChecked={inStockOnly}
                className="size-4 accent-forest-700"
              />
              In stock only
            </label>
            <div className="mt-5 flex flex-wrap items-center gap-3">
              <button type="submit" className="btn-dark px-4 py-2">
                Apply filters
              </button>
              {filtered ? (
                <Link
                  href={listingHref(params, { minPriceCents: null, maxPriceCents: null, inStockOnly: false })}
                  className="text-sm font-semibold text-accent-700 hover:underline"
                >
                  Clear
                </Link>
              ) : null}
            </div>
          </form>
        </aside>

        <section aria-label="Products" className="min-w-0">
          <div className="flex flex-wrap items-center justify-between gap-3 border-b border-ink-900/10 pb-4">
            <p className="text-sm text-ink-700" aria-live="polite" data-testid="result-count">
              {total === 0 ? "No goods" : `Showing ${first}–${last} of ${total}`}
            </p>
            <nav aria-label="Sort" className="flex flex-wrap items-center gap-1 text-sm">
              <span className="mr-1 text-ink-500">Sort:</span>
              {sorts.map((s) => (
                <Link
                  key={s}
                  href={listingHref(params, { sort: s })}
                  aria-current={s === sort ? "true" : undefined}
                  className="rounded-full px-3 py-1 text-ink-700 hover:bg-white aria-[current=true]:bg-ink-900 aria-[current=true]:text-white"
                >
                  {sortLabels[s]}
                </Link>
              ))}
            </nav>
          </div>

          {q || filtered ? (
            <ul aria-label="Active filters" className="mt-4 flex flex-wrap gap-2">
              {q ? (
                <li>
                  <Link href={listingHref(params, { q: null })} className={chip}>
                    “{q}” <span aria-hidden>×</span>
                    <span className="sr-only">(remove search)</span>
                  </Link>
                </li>
              ) : null}
              {priceFiltered ? (
                <li>
                  <Link
                    href={listingHref(params, { minPriceCents: null, maxPriceCents: null })}
                    className={chip}
                  >
                    {priceLabel} <span aria-hidden>×</span>
                    <span className="sr-only">(remove price filter)</span>
                  </Link>
                </li>
              ) : null}
              {inStockOnly ? (
                <li>
                  <Link href={listingHref(params, { inStockOnly: false })} className={chip}>
                    In stock only <span aria-hidden>×</span>
                    <span className="sr-only">(show sold-out goods too)</span>
                  </Link>
                </li>
              ) : null}
            </ul>
          ) : null}

          {products.length > 0 ? (
            <div className="mt-8 grid grid-cols-2 gap-x-5 gap-y-10 md:grid-cols-3">
              {products.map((p, i) => (
                <ProductCard key={p.id} product={p} priority={i < 3} />
              ))}
            </div>
          ) : (
            <div className="mt-12 rounded-2xl border border-dashed border-ink-900/20 px-6 py-16 text-center">
              <p className="font-display text-2xl">Nothing on the shelves matches that.</p>
              <p className="mt-2 text-ink-700">
                {filtered
                  ? "Try a wider price range, or include goods that are sold out for now."
                  : "Try a shorter word, or look through a whole department."}
              </p>
              <Link
                href={
                  filtered
                    ? listingHref(params, { minPriceCents: null, maxPriceCents: null, inStockOnly: false })
                    : "/products"
                }
                className="btn-primary mt-6"
              >
                {filtered ? "Clear the filters" : "See all goods"}
              </Link>
            </div>
          )}

          <Pagination page={page} pageCount={pageCount} hrefFor={(p) => listingHref(params, { page: p })} />
        </section>
      </div>
    </div>
  );
}
