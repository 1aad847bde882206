import Link from "next/link";
import { formatPrice } from "@/domain/money";
import type { Product } from "@/domain/products";
import { StockBadge } from "./stock-badge";

export function ProductCard({ product, priority = false }: { product: Product; priority?: boolean }) {
  const soldOut = product.stock <= 0;
  return (
    <article className="group relative flex flex-col">
      <div className="relative aspect-square overflow-hidden rounded-xl border border-ink-900/10 bg-paper-deep">
        {/* biome-ignore lint/performance/noImgElement: generated SVGs need no optimisation */}
        <img
          src={`/images/products/${product.id}.svg`}
          alt=""
          width={600}
          height={600}
          loading={priority ? "eager" : "lazy"}
          className={`size-full object-cover transition-transform duration-500 group-hover:scale-[1.03] ${soldOut ? "opacity-60 grayscale-[40%]" : ""}`}
        />
        {soldOut ? (
          <span className="absolute top-3 left-3 rounded-full bg-ink-900/85 px-2.5 py-1 text-[11px] font-semibold uppercase tracking-[0.12em] text-white">
            Sold out
          </span>
        ) : null}
      </div>
      <div className="mt-3 flex flex-1 flex-col">
        <p className="text-[11px] font-semibold uppercase tracking-[0.14em] text-ink-500">
          {product.categoryName}
        </p>
        <h3 className="mt-1 font-display text-lg leading-snug text-ink-900">
          <Link href={`/products/${product.id}`} className="after:absolute after:inset-0 focus:outline-none">
            {product.title}
          </Link>
        </h3>
        <div className="mt-auto flex items-center justify-between gap-2 pt-2">
          <span className="text-base font-semibold tabular-nums text-ink-900">
            {formatPrice(product.priceCents)}
          </span>
          <StockBadge stock={product.stock} />
        </div>
      </div>
      <span
        aria-hidden
        className="pointer-events-none absolute -inset-2 rounded-2xl ring-2 ring-accent-500 opacity-0 group-has-[a:focus-visible]:opacity-100"
      />
    </article>
  );
}
