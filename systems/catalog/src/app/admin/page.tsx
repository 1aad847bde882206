import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { requireAdminPage } from "@/auth/session";
import { Pagination } from "@/components/pagination";
import { getDb } from "@/db/client";
import { findProduct, searchProducts } from "@/db/queries/products";
import { categories, categoryName, categoryOf } from "@/domain/categories";
import { formatPrice } from "@/domain/money";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Back office" };

const PAGE_SIZE = 20;

const paramsSchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  category: z.string().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
  created: z.string().max(100).optional().catch(undefined),
  saved: z.string().max(100).optional().catch(undefined),
  deleted: z.string().max(100).optional().catch(undefined),
});

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AdminProductsPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = await searchParams;
  const params = paramsSchema.parse(
    Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])),
  );
  const query = new URLSearchParams(
    Object.entries(raw).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])),
  ).toString();
  const session = await requireAdminPage(query ? `/admin?${query}` : "/admin");

  const db = getDb();
  const q = params.q || undefined;
  const category = params.category ? categoryOf(params.category) : undefined;
  const page = params.page ?? 1;
  const { rows, total } = searchProducts(db, {
    q,
    category: category?.slug,
    sort: "newest",
    page,
    pageSize: PAGE_SIZE,
  });
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));

  const flashId = params.created ?? params.saved ?? params.deleted;
  const flashTitle = flashId ? findProduct(db, flashId, { includeRemoved: true })?.title : undefined;
  const flash = flashTitle
    ? params.created
      ? `Created “${flashTitle}”. It is on sale now.`
      : params.saved
        ? `Saved “${flashTitle}”. The Store shows the change within a second.`
        : `Removed “${flashTitle}” from the catalog.`
    : null;

  const pageHref = (p: number) => {
    const next = new URLSearchParams();
    if (q) next.set("q", q);
    if (category) next.set("category", category.slug);
    if (p > 1) next.set("page", String(p));
    const s = next.toString();
    return s ? `/admin?${s}` : "/admin";
  };

  return (
    <div className="mx-auto max-w-6xl px-4 py-10 sm:px-6">
      {flash ? (
        <output
          className="mb-8 flex items-center gap-3 rounded-xl border border-forest-600/30 bg-forest-50 px-4 py-3 text-sm font-medium text-forest-800"
          data-testid="flash"
        >
          <span aria-hidden className="grid size-6 place-items-center rounded-full bg-forest-600 text-white">
            ✓
          </span>
          {flash}
        </output>
      ) : null}

      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <p className="kicker">Back office</p>
          <h1 className="mt-2 font-display text-4xl tracking-tight">Products</h1>
          <p className="mt-2 text-sm text-ink-700">
            Signed in as {session.name}. {total} {total === 1 ? "product" : "products"}
            {q || category ? " match" : " in the catalog"}.
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Link href="/admin/import" className="btn-ghost">
            Import CSV
          </Link>
          <Link href="/admin/products/new" className="btn-primary">
            + New product
          </Link>
        </div>
      </div>

      <search className="mt-8">
        <form action="/admin" className="flex flex-wrap items-end gap-3">
          <div className="min-w-56 flex-1">
            <label htmlFor="admin-q" className="field-label">
              Search
            </label>
            <input
              id="admin-q"
              name="q"
              type="search"
              defaultValue={q}
              placeholder="Title, SKU or description"
              className="field-input"
            />
          </div>
          <div>
            <label htmlFor="admin-category" className="field-label">
              Department
            </label>
            <select
              id="admin-category"
              name="category"
              defaultValue={category?.slug ?? ""}
              className="field-input"
            >
              <option value="">All departments</option>
              {categories.map((c) => (
                <option key={c.slug} value={c.slug}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn-dark">
            Filter
          </button>
          {q || category ? (
            <Link href="/admin" className="btn-ghost">
              Clear
            </Link>
          ) : null}
        </form>
      </search>

      <div className="mt-6 overflow-x-auto rounded-xl border border-ink-900/10 bg-white">
        <table className="w-full min-w-[44rem] text-left text-sm">
          <caption className="sr-only">Products, newest first</caption>
          <thead className="border-b border-ink-900/10 bg-paper-deep/60 text-xs uppercase tracking-[0.1em] text-ink-500">
            <tr>
              <th scope="col" className="px-4 py-3 font-semibold">
                Product
              </th>
              <th scope="col" className="px-4 py-3 font-semibold">
                Department
              </th>
              <th scope="col" className="px-4 py-3 text-right font-semibold">
                Price
              </th>
              <th scope="col" className="px-4 py-3 text-right font-semibold">
                Stock
              </th>
              <th scope="col" className="px-4 py-3 text-right font-semibold">
                Version
              </th>
              <th scope="col" className="px-4 py-3">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-ink-900/8">
            {rows.map((p) => (
              <tr key={p.id} className="hover:bg-paper/60">
                <td className="px-4 py-3">
                  <div className="flex items-center gap-3">
                    {/* biome-ignore lint/performance/noImgElement: generated SVG */}
                    <img
                      src={`/images/products/${p.id}.svg`}
                      alt=""
                      width={44}
                      height={44}
                      loading="lazy"
                      className="size-11 rounded-md border border-ink-900/10"
                    />
                    <div className="min-w-0">
                      <Link
                        href={`/admin/products/${p.id}`}
                        className="font-semibold text-ink-900 hover:text-accent-700 hover:underline"
                      >
                        {p.title}
                      </Link>
                      <p className="font-mono text-xs text-ink-500">{p.sku}</p>
                    </div>
                  </div>
                </td>
                <td className="px-4 py-3 text-ink-700">{categoryName(p.category)}</td>
                <td className="px-4 py-3 text-right tabular-nums">{formatPrice(p.priceCents)}</td>
                <td className="px-4 py-3 text-right tabular-nums">
                  {p.stock === 0 ? (
                    <span className="rounded-full bg-accent-100 px-2 py-0.5 text-xs font-semibold text-accent-800">
                      Out
                    </span>
                  ) : (
                    p.stock
                  )}
                </td>
                <td className="px-4 py-3 text-right tabular-nums text-ink-500">v{p.version}</td>
                <td className="whitespace-nowrap px-4 py-3 text-right">
                  <Link
                    href={`/admin/products/${p.id}#stock`}
                    className="mr-1 rounded-full px-3 py-1 text-xs font-semibold text-ink-700 hover:bg-paper hover:text-accent-700"
                    aria-label={`Adjust stock of ${p.title}`}
                  >
                    Stock
                  </Link>
                  <Link
                    href={`/admin/products/${p.id}`}
                    className="rounded-full border border-ink-900/15 px-3 py-1 text-xs font-semibold hover:border-accent-500 hover:text-accent-700"
                    aria-label={`Edit ${p.title}`}
                  >
                    Edit
                  </Link>
                </td>
              </tr>
            ))}
            {rows.length === 0 ? (
              <tr>
                <td colSpan={6} className="px-4 py-12 text-center text-ink-700">
                  No products match.{" "}
                  <Link href="/admin/products/new" className="font-semibold text-accent-700 hover:underline">
                    Create one
                  </Link>
                  .
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pageCount={pageCount} hrefFor={pageHref} label="Product pages" />
    </div>
  );
}
