import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { updateProductAction } from "@/actions/update-product";
import { requireAdminPage } from "@/auth/session";
import { DeleteProductForm } from "@/components/admin/delete-product-form";
import { ProductForm } from "@/components/admin/product-form";
import { StockAdjustForm } from "@/components/admin/stock-adjust-form";
import { StockHistory } from "@/components/admin/stock-history";
import { StockBadge } from "@/components/stock-badge";
import { getDb } from "@/db/client";
import { findProduct } from "@/db/queries/products";
import { listStockMovements } from "@/db/queries/stock";
import { categories } from "@/domain/categories";
import { centsToInput } from "@/domain/money";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Edit product · Back office" };

const HISTORY_PAGE = 10;

const paramsSchema = z.object({
  history: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
  adjusted: z.coerce.number().int().positive().optional().catch(undefined),
});

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function EditProductPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: SearchParams;
}) {
  const { id } = await params;
  const raw = await searchParams;
  const query = paramsSchema.parse(
    Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])),
  );
  const path = `/admin/products/${encodeURIComponent(id)}`;
  await requireAdminPage(path);
  const db = getDb();
  const product = findProduct(db, id);
  if (!product) notFound();

  const historyPage = query.history ?? 1;
  const history = listStockMovements(db, product.id, {
    limit: HISTORY_PAGE,
    offset: (historyPage - 1) * HISTORY_PAGE,
  });
  const adjusted = query.adjusted ? history.rows.find((m) => m.id === query.adjusted) : undefined;

  return (
    <div className="mx-auto max-w-6xl px-4 py-10 sm:px-6">
      <Link href="/admin" className="text-sm text-ink-500 hover:text-accent-700">
        ← All products
      </Link>
      <div className="mt-3 flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="font-display text-4xl tracking-tight">{product.title}</h1>
        <Link
          href={`/products/${product.id}`}
          className="text-sm font-semibold text-accent-700 hover:underline"
        >
          View in shop →
        </Link>
      </div>
      <p className="mt-2 text-sm text-ink-500">
        <span className="font-mono">{product.id}</span> · version {product.version} · last changed{" "}
        {new Date(product.updatedAt).toLocaleString("en-GB", {
          dateStyle: "medium",
          timeStyle: "short",
          timeZone: "UTC",
        })}{" "}
        UTC
      </p>

      <div className="mt-8 grid items-start gap-8 lg:grid-cols-[1.35fr_1fr]">
        <section
          aria-labelledby="details-heading"
          className="rounded-2xl border border-ink-900/10 bg-white p-6 sm:p-8"
        >
          <h2 id="details-heading" className="mb-6 font-display text-2xl">
            Details
          </h2>
          <ProductForm
            action={updateProductAction}
            productId={product.id}
            categories={categories}
            submitLabel="Save changes"
            withStock={false}
            initial={{
              title: product.title,
              sku: product.sku,
              category: product.category,
              price: centsToInput(product.priceCents),
              stock: String(product.stock),
              description: product.description,
            }}
          />
        </section>

        <section
          id="stock"
          aria-labelledby="stock-heading"
          className="scroll-mt-6 rounded-2xl border border-ink-900/10 bg-white p-6 sm:p-8"
        >
          <div className="flex items-start justify-between gap-4">
            <div>
              <h2 id="stock-heading" className="font-display text-2xl">
                Stock
              </h2>
              <p className="mt-1 text-sm text-ink-700">
                Every change needs a reason and goes into the history.
              </p>
            </div>
            <div className="shrink-0 text-right">
              <p className="font-display text-4xl leading-none tabular-nums" data-testid="current-stock">
                {product.stock}
              </p>
              <StockBadge stock={product.stock} className="mt-2 whitespace-nowrap" />
            </div>
          </div>
          {adjusted ? (
            <output
              className="mt-5 flex items-center gap-2 rounded-lg border border-forest-600/30 bg-forest-50 px-3 py-2 text-sm font-medium text-forest-800"
              data-testid="stock-flash"
            >
              <span aria-hidden>✓</span>
              {adjusted.delta === 0
                ? `Recorded: ${adjusted.reason}, the count matches the stock.`
                : `Recorded: ${adjusted.reason}, ${adjusted.delta > 0 ? `+${adjusted.delta}` : `−${-adjusted.delta}`}. The Store shows ${adjusted.stockAfter === 0 ? "it as out of stock" : "the new stock"} within a second.`}
            </output>
          ) : null}
          <div className="mt-6">
            <StockAdjustForm productId={product.id} stock={product.stock} />
          </div>
        </section>
      </div>

      <StockHistory
        movements={history.rows}
        total={history.total}
        page={historyPage}
        pageCount={Math.max(1, Math.ceil(history.total / HISTORY_PAGE))}
        hrefFor={(p) => (p > 1 ? `${path}?history=${p}#history` : `${path}#history`)}
        highlight={adjusted?.id}
      />

      <details className="group mt-10 rounded-2xl border border-danger-600/25 bg-white p-6 sm:px-8">
        <summary className="cursor-pointer font-semibold text-danger-600 marker:text-danger-600">
          Remove this product
        </summary>
        <div className="mt-4">
          <DeleteProductForm productId={product.id} title={product.title} />
        </div>
      </details>
    </div>
  );
}
