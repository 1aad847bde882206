import Link from "next/link";
import { ProductCard } from "@/components/product-card";
import { getDb } from "@/db/client";
import { countByCategory, searchProducts } from "@/db/queries/products";
import { categories } from "@/domain/categories";
import { formatPrice } from "@/domain/money";
import { toProduct } from "@/domain/products";

export const dynamic = "force-dynamic";

export default function HomePage() {
  const db = getDb();
  const newest = searchProducts(db, { sort: "featured", page: 1, pageSize: 11, inStockOnly: true }).rows.map(
    toProduct,
  );
  // The three newest go to the window display; the shelf below shows the next eight.
  const [lead, second, third] = newest;
  const featured = newest.slice(3);
  const onShow = new Set(newest.map((p) => p.id));
  const gifts = searchProducts(db, {
    sort: "price-desc",
    page: 1,
    pageSize: 12,
    maxPriceCents: 2500,
    inStockOnly: true,
  })
    .rows.filter((p) => !onShow.has(p.id))
    .slice(0, 4)
    .map(toProduct);
  const counts = countByCategory(db);
  const inStock = searchProducts(db, { inStockOnly: true, page: 1, pageSize: 1 }).total;
  const covers = new Map(
    categories.map((c) => [
      c.slug,
      searchProducts(db, { category: c.slug, sort: "featured", page: 1, pageSize: 1 }).rows[0]?.id,
    ]),
  );

  return (
    <>
      <section className="border-b border-ink-900/10">
        <div className="mx-auto grid max-w-6xl items-center gap-10 px-4 py-14 sm:px-6 lg:grid-cols-[1fr_1.15fr] lg:py-20">
          <div>
            <p className="kicker">The everyday collection</p>
            <h1 className="mt-4 font-display text-5xl leading-[1.05] tracking-tight text-ink-900 sm:text-6xl">
              Well-made things, <em className="text-accent-700">chosen to last</em>.
            </h1>
            <p className="mt-6 max-w-lg text-lg leading-relaxed text-ink-700">
              Stoneware for slow breakfasts, field guides for long walks, radios that just work and notebooks
              that lie flat. A small range, described honestly, with the real stock count on every item.
            </p>
            <div className="mt-8 flex flex-wrap gap-3">
              <Link href="/products" className="btn-primary">
                Browse the catalog
              </Link>
              <a href="#departments" className="btn-ghost">
                Shop by department
              </a>
            </div>
            <dl className="mt-10 grid max-w-md grid-cols-3 gap-4 border-t border-ink-900/15 pt-6 text-sm">
              <div>
                <dt className="text-ink-500">Departments</dt>
                <dd className="font-display text-2xl">{categories.length}</dd>
              </div>
              <div>
                <dt className="text-ink-500">Goods</dt>
                <dd className="font-display text-2xl">{[...counts.values()].reduce((a, b) => a + b, 0)}</dd>
              </div>
              <div>
                <dt className="text-ink-500">In stock today</dt>
                <dd className="font-display text-2xl">{inStock}</dd>
              </div>
            </dl>
          </div>
          {lead ? (
            <div className="grid grid-cols-3 gap-4">
              <HeroTile product={lead} className="col-span-2 row-span-2" note="New in" eager />
              {second ? <HeroTile product={second} compact /> : null}
              {third ? <HeroTile product={third} compact /> : null}
            </div>
          ) : null}
        </div>
      </section>

      <section id="departments" className="mx-auto max-w-6xl scroll-mt-8 px-4 pt-16 sm:px-6">
        <SectionHeading kicker="Departments" title="Start with a room, a desk or a trail" />
        <ul className="mt-8 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {categories.map((c) => {
            const cover = covers.get(c.slug);
            return (
              <li key={c.slug}>
                <Link
                  href={`/products?category=${c.slug}`}
                  className="group flex h-full items-center gap-4 rounded-xl border border-ink-900/10 bg-white/70 p-3 transition-colors hover:border-accent-500/50 hover:bg-white"
                >
                  <span className="size-24 shrink-0 overflow-hidden rounded-lg bg-paper-deep">
                    {cover ? (
                      // biome-ignore lint/performance/noImgElement: generated SVG
                      <img
                        src={`/images/products/${cover}.svg`}
                        alt=""
                        width={96}
                        height={96}
                        loading="lazy"
                        className="size-full transition-transform duration-500 group-hover:scale-105"
                      />
                    ) : null}
                  </span>
                  <span className="min-w-0">
                    <span className="flex items-baseline gap-2">
                      <span className="font-display text-xl text-ink-900 group-hover:text-accent-700">
                        {c.name}
                      </span>
                      <span className="text-xs text-ink-500">{counts.get(c.slug) ?? 0} goods</span>
                    </span>
                    <span className="mt-1 block text-sm leading-snug text-ink-700">{c.blurb}</span>
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      </section>

      {featured.length > 0 ? (
        <section className="mx-auto max-w-6xl px-4 pt-20 sm:px-6">
          <SectionHeading
            kicker="On the shelves"
            title="New in, and in stock"
            link={{ href: "/products?sort=newest", label: "See everything new" }}
          />
          <div className="mt-8 grid grid-cols-2 gap-x-5 gap-y-10 md:grid-cols-3 lg:grid-cols-4">
            {featured.map((p, i) => (
              <ProductCard key={p.id} product={p} priority={i < 4} />
            ))}
          </div>
        </section>
      ) : (
        <section className="mx-auto max-w-6xl px-4 pt-20 text-center sm:px-6">
          <p className="font-display text-2xl">The shelves are being stocked.</p>
          <p className="mt-2 text-ink-700">Check back in a moment.</p>
        </section>
      )}

      {gifts.length > 0 ? (
        <section className="mt-20 bg-accent-50/70 py-16">
          <div className="mx-auto grid max-w-6xl gap-10 px-4 sm:px-6 lg:grid-cols-[1fr_3fr]">
            <div>
              <p className="kicker">Small gifts</p>
              <h2 className="mt-3 font-display text-3xl leading-tight">
                Thoughtful, and under {formatPrice(2500)}
              </h2>
              <p className="mt-4 text-ink-700">
                Little things people keep using: a good pencil, a card worth sending, a mug that becomes a
                favourite.
              </p>
              <Link
                href="/products?sort=price-asc"
                className="mt-6 inline-block font-semibold text-accent-700 hover:underline"
              >
                Shop by price →
              </Link>
            </div>
            <div className="grid grid-cols-2 gap-5 md:grid-cols-4">
              {gifts.map((p) => (
                <ProductCard key={p.id} product={p} />
              ))}
            </div>
          </div>
        </section>
      ) : null}

      <section className="mx-auto max-w-6xl px-4 pt-20 sm:px-6">
        <ul className="grid gap-8 border-y border-ink-900/15 py-10 sm:grid-cols-3">
          {[
            [
              "Honest stock",
              "The count on each page is what is on our shelves, updated the moment it changes.",
            ],
            ["One checkout", "Add goods and music to one cart at the Store, and pay once for everything."],
            ["Chosen slowly", "Every item is one we would use ourselves: fewer things, better made."],
          ].map(([title, text]) => (
            <li key={title}>
              <p className="font-display text-xl">{title}</p>
              <p className="mt-2 text-sm leading-relaxed text-ink-700">{text}</p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function SectionHeading({
  kicker,
  title,
  link,
}: {
  kicker: string;
  title: string;
  link?: { href: string; label: string };
}) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <div>
        <p className="kicker">{kicker}</p>
        <h2 className="mt-2 font-display text-3xl tracking-tight sm:text-4xl">{title}</h2>
      </div>
      {link ? (
        <Link href={link.href} className="font-semibold text-accent-700 hover:underline">
          {link.label} →
        </Link>
      ) : null}
    </div>
  );
}

function HeroTile({
  product,
  className = "",
  note,
  eager = false,
  compact = false,
}: {
  product: { id: string; title: string; priceCents: number };
  className?: string;
  note?: string;
  eager?: boolean;
  compact?: boolean;
}) {
  return (
    <Link
      href={`/products/${product.id}`}
      className={`group relative aspect-square overflow-hidden rounded-2xl border border-ink-900/10 bg-paper-deep ${className}`}
      // The name starts with what the tile shows (WCAG 2.5.3, label in name): the note, then the title.
      aria-label={`${note ? `${note} · ` : ""}${product.title}, ${formatPrice(product.priceCents)}`}
    >
      {/* biome-ignore lint/performance/noImgElement: generated SVG */}
      <img
        src={`/images/products/${product.id}.svg`}
        alt=""
        width={600}
        height={600}
        loading={eager ? "eager" : "lazy"}
        className="size-full object-cover transition-transform duration-700 group-hover:scale-[1.04]"
      />
      {compact ? (
        <span className="absolute bottom-2 left-2 rounded-full bg-white/90 px-3 py-1 text-xs font-semibold tabular-nums shadow-sm">
          {formatPrice(product.priceCents)}
        </span>
      ) : (
        <span className="absolute right-4 bottom-4 flex items-center gap-3 rounded-full sm:left-4 sm:justify-between bg-white/90 px-4 py-2.5 text-sm shadow-sm backdrop-blur">
          <span className="hidden truncate font-medium sm:inline">
            {note ? <span className="mr-1.5 text-accent-700">{note} ·</span> : null}
            {product.title}
          </span>
          <span className="shrink-0 font-semibold tabular-nums">{formatPrice(product.priceCents)}</span>
        </span>
      )}
    </Link>
  );
}
