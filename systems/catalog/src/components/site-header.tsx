import Link from "next/link";
import { categories } from "@/domain/categories";

/** catalog's own masthead, under the suite header: wordmark, search, departments. */
export function SiteHeader({ isAdmin, search = "" }: { isAdmin: boolean; search?: string }) {
  return (
    <header className="border-b border-ink-900/10 bg-paper">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-8 gap-y-3 px-4 pt-5 pb-4 sm:px-6">
        <Link href="/" className="group flex items-baseline gap-2" aria-label="The Catalog, home">
          <span
            aria-hidden
            className="inline-block size-3 rotate-45 bg-accent-600 transition-transform group-hover:rotate-[135deg]"
          />
          <span className="font-display text-3xl tracking-tight text-ink-900">
            The <em className="text-accent-700">Catalog</em>
          </span>
        </Link>
        <p className="hidden text-xs uppercase tracking-[0.14em] text-ink-500 lg:block">
          Goods for home, desk &amp; trail
        </p>
        <search className="order-last w-full sm:order-none sm:ml-auto sm:w-80">
          <form action="/products" className="flex items-center">
            <label htmlFor="site-search" className="sr-only">
              Search the catalog
            </label>
            <input
              id="site-search"
              name="q"
              type="search"
              defaultValue={search}
              placeholder="Search mugs, tents, notebooks…"
              className="w-full rounded-l-full border border-r-0 border-ink-900/20 bg-white px-4 py-2 text-sm placeholder:text-ink-500 focus:border-accent-500 focus:outline-none"
            />
            <button
              type="submit"
              className="rounded-r-full border border-forest-800 bg-forest-800 px-4 py-2 text-sm font-semibold text-paper hover:bg-forest-900"
            >
              Search
            </button>
          </form>
        </search>
        {isAdmin ? (
          <Link
            href="/admin"
            className="rounded-full border border-accent-600/40 px-3 py-1.5 text-sm font-semibold text-accent-700 hover:bg-accent-50"
          >
            Back office
          </Link>
        ) : null}
      </div>
      <nav aria-label="Departments" className="border-t border-ink-900/10">
        <ul className="mx-auto flex max-w-6xl gap-1 overflow-x-auto px-4 sm:px-6">
          <li>
            <Link
              href="/products"
              className="block whitespace-nowrap px-3 py-2.5 text-xs font-semibold uppercase tracking-[0.14em] text-ink-700 hover:text-accent-700"
            >
              All goods
            </Link>
          </li>
          {categories.map((c) => (
            <li key={c.slug}>
              <Link
                href={`/products?category=${c.slug}`}
                className="block whitespace-nowrap px-3 py-2.5 text-xs font-semibold uppercase tracking-[0.14em] text-ink-700 hover:text-accent-700"
              >
                {c.name}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
