import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { AddToCart } from "@/components/add-to-cart";
import { ProductCard } from "@/components/product-card";
import { StockBadge } from "@/components/stock-badge";
import { getDb } from "@/db/client";
import { findProduct, searchProducts } from "@/db/queries/products";
import { formatPrice } from "@/domain/money";
import { toProduct } from "@/domain/products";
import { env } from "@/env";

export const dynamic = "force-dynamic";

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const row = findProduct(getDb(), (await params).id);
  return row ? { title: row.title, description: row.description.slice(0, 160) } : { title: "Not found" };
}

const querySchema = z.object({
  added: z.string().max(200).optional().catch(undefined),
  cartError: z.string().max(500).optional().catch(undefined),
});

export default async function ProductPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const raw = await searchParams;
  const query = querySchema.parse({
    added: Array.isArray(raw.added) ? raw.added[0] : raw.added,
    cartError: Array.isArray(raw.cartError) ? raw.cartError[0] : raw.cartError,
  });
  const db = getDb();
  const row = findProduct(db, id);
  if (!row) notFound();
  const product = toProduct(row);
  const related = searchProducts(db, { category: product.category, sort: "featured", page: 1, pageSize: 5 })
    .rows.filter((r) => r.id !== product.id)
    .slice(0, 4)
    .map(toProduct);
  const paragraphs = product.description.split(/\n{2,}/).filter((p) => p.trim());

  return (
    <div className="mx-auto max-w-6xl px-4 sm:px-6">
      <nav aria-label="Breadcrumb" className="pt-8 text-sm text-ink-500">
        <Link href="/" className="hover:text-accent-700">
          Home
        </Link>
        <span aria-hidden> / </span>
        <Link href={`/products?category=${product.category}`} className="hover:text-accent-700">
          {product.categoryName}
        </Link>
        <span aria-hidden> / </span>
        <span className="text-ink-700">{product.title}</span>
      </nav>

      <article className="grid gap-10 py-8 lg:grid-cols-[1.1fr_1fr] lg:gap-16">
        <div className="overflow-hidden rounded-2xl border border-ink-900/10 bg-paper-deep lg:sticky lg:top-6 lg:self-start">
          {/* biome-ignore lint/performance/noImgElement: generated SVG */}
          <img
            src={`/images/products/${product.id}.svg`}
            alt={`Illustration of ${product.title}`}
            width={600}
            height={600}
            className="aspect-square w-full"
          />
        </div>

        <div className="lg:pt-6">
          <p className="kicker">{product.categoryName}</p>
          <h1 className="mt-3 font-display text-4xl leading-tight tracking-tight sm:text-5xl">
            {product.title}
          </h1>
          <div className="mt-6 flex flex-wrap items-center gap-4">
            <p className="text-3xl font-semibold tabular-nums" data-testid="product-price">
              {formatPrice(product.priceCents)}
            </p>
            <StockBadge stock={product.stock} className="text-sm" />
          </div>
          <p className="mt-1 text-sm text-ink-500">VAT included</p>

          <AddToCart
            storeUrl={env.STORE_URL}
            returnTo={`${env.CATALOG_URL}/products/${encodeURIComponent(product.id)}`}
            itemId={product.id}
            stock={product.stock}
            added={query.added === product.id}
            cartError={query.cartError}
          />

          <div className="mt-10 space-y-4 text-base leading-relaxed text-ink-700">
            {paragraphs.length > 0 ? (
              paragraphs.map((p) => <p key={p.slice(0, 40)}>{p}</p>)
            ) : (
              <p>No description yet.</p>
            )}
          </div>

          <dl className="mt-10 grid grid-cols-2 gap-x-6 gap-y-3 border-t border-ink-900/15 pt-6 text-sm">
            <dt className="text-ink-500">SKU</dt>
            <dd className="font-mono text-ink-900">{product.sku}</dd>
            <dt className="text-ink-500">Department</dt>
            <dd>
              <Link
                href={`/products?category=${product.category}`}
                className="text-accent-700 hover:underline"
              >
                {product.categoryName}
              </Link>
            </dd>
            <dt className="text-ink-500">Availability</dt>
            <dd>{product.stock > 0 ? `${product.stock} on the shelf` : "Out of stock"}</dd>
          </dl>
        </div>
      </article>

      {related.length > 0 ? (
        <section className="border-t border-ink-900/10 pt-12">
          <p className="kicker">More from {product.categoryName}</p>
          <h2 className="mt-2 font-display text-3xl">You might also like</h2>
          <div className="mt-8 grid grid-cols-2 gap-x-5 gap-y-10 md:grid-cols-4">
            {related.map((p) => (
              <ProductCard key={p.id} product={p} />
            ))}
          </div>
        </section>
      ) : null}
    </div>
  );
}
