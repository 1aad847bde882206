import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { Pagination } from "@/components/pagination";
import { ProductCard } from "@/components/product-card";
import { getDb } from "@/db/client";
import { countByCategory, type ProductSort, productSorts, searchProducts } from "@/db/queries/products";
import { categories, categoryOf } from "@/domain/categories";
import { toProduct } from "@/domain/products";

export const dynamic = "force-dynamic";

const PAGE_SIZE = 12;

/** Lenient on purpose: a bad parameter in a shared link falls back to its default. */
const paramsSchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  category: z.string().optional().catch(undefined),
  sort: z.enum(productSorts).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

async function readParams(searchParams: SearchParams) {
  const raw = await searchParams;
  const first = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = paramsSchema.parse(first);
  const category = parsed.category ? categoryOf(parsed.category) : undefined;
  return { q: parsed.q || undefined, category, sort: parsed.sort ?? "featured", page: parsed.page ?? 1 };
}

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  const { q, category } = await readParams(searchParams);
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

export default async function ProductsPage({ searchParams }: { searchParams: SearchParams }) {
  const { q, category, sort, page } = await readParams(searchParams);
  const db = getDb();
  const { rows, total } = searchProducts(db, {
    q,
    category: category?.slug,
    sort,
    page,
    pageSize: PAGE_SIZE,
  });
  const products = rows.map(toProduct);
  const counts = countByCategory(db);
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));

  const href = (change: { category?: string | null; sort?: ProductSort; page?: number }) => {
    const params = new URLSearchParams();
    if (q) params.set("q", q);
    const cat = change.category === undefined ? category?.slug : change.category;
    if (cat) params.set("category", cat);
    const s = change.sort ?? sort;
    if (s !== "featured") params.set("sort", s);
    const p = change.page ?? 1;
    if (p > 1) params.set("page", String(p));
    const query = params.toString();
    return query ? `/products?${query}` : "/products";
  };

  const first = total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1;
  const last = Math.min(total, page * PAGE_SIZE);

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

      <div className="grid gap-10 py-10 lg:grid-cols-[13rem_1fr]">
        <aside aria-label="Filters" className="min-w-0 space-y-6 lg:space-y-8">
          <div>
            <h2 className="kicker">Department</h2>
            <ul className="-mx-4 mt-3 flex gap-2 overflow-x-auto px-4 pb-1 text-sm lg:mx-0 lg:block lg:space-y-1 lg:overflow-visible lg:px-0">
              <li className="shrink-0">
                <Link
                  href={href({ category: null })}
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
                    href={href({ category: c.slug })}
                    aria-current={category?.slug === c.slug ? "page" : undefined}
                    className="flex shrink-0 justify-between gap-3 whitespace-nowrap rounded-full border border-ink-900/15 px-3 py-1.5 hover:bg-white aria-[current=page]:border-forest-800 aria-[current=page]:bg-forest-800 aria-[current=page]:text-paper lg:rounded-md lg:border-0 lg:px-2"
                  >
                    {c.name} <span className="tabular-nums opacity-70">{counts.get(c.slug) ?? 0}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </div>
          {q ? (
            <div>
              <h2 className="kicker">Search</h2>
              <p className="mt-3 text-sm text-ink-700">
                “{q}”{" "}
                <Link
                  href={category ? `/products?category=${category.slug}` : "/products"}
                  className="ml-1 font-semibold text-accent-700 hover:underline"
                >
                  Clear
                </Link>
              </p>
            </div>
          ) : null}
        </aside>

        <section aria-label="Products">
          <div className="flex flex-wrap items-center justify-between gap-3 border-b border-ink-900/10 pb-4">
            <p className="text-sm text-ink-700" aria-live="polite">
              {total === 0 ? "No goods" : `Showing ${first}–${last} of ${total}`}
            </p>
            <nav aria-label="Sort" className="flex flex-wrap items-center gap-1 text-sm">
              <span className="mr-1 text-ink-500">Sort:</span>
              {productSorts.map((s) => (
                <Link
                  key={s}
                  href={href({ sort: s })}
                  aria-current={s === sort ? "true" : undefined}
                  className="rounded-full px-3 py-1 text-ink-700 hover:bg-white aria-[current=true]:bg-ink-900 aria-[current=true]:text-white"
                >
                  {sortLabels[s]}
                </Link>
              ))}
            </nav>
          </div>

          {products.length > 0 ? (
            <div className="mt-8 grid grid-cols-2 gap-x-5 gap-y-10 md:grid-cols-3">
              {products.map((p, i) => (
                <ProductCard key={p.id} product={p} priority={i < 3} />
              ))}
            </div>
          ) : (
            <div className="mt-12 rounded-2xl border border-dashed border-ink-900/20 px-6 py-16 text-center">
              <p className="font-display text-2xl">Nothing on the shelves matches that.</p>
              <p className="mt-2 text-ink-700">Try a shorter word, or look through a whole department.</p>
              <Link href="/products" className="btn-primary mt-6">
                See all goods
              </Link>
            </div>
          )}

          <Pagination page={page} pageCount={pageCount} hrefFor={(p) => href({ page: p })} />
        </section>
      </div>
    </div>
  );
}
