/** store's own header under the suite header: brand, search, shop navigation and account. */
import Link from "next/link";
import { BagIcon, SearchIcon } from "./icons";

interface StoreHeaderProps {
  /** Path and query of the current page, to mark the active section. */
  path: string;
  user: { name: string } | null;
  /** Where the account links send the visitor back to. */
  returnTo: string;
  /** Items in the shopper's cart (total quantity). */
  cartCount: number;
}

const sections = [
  {
    href: "/offers",
    label: "All offers",
    match: (p: URLSearchParams, path: string) => path === "/offers" && !p.get("source"),
  },
  {
    href: "/offers?source=catalog",
    label: "Books & gear",
    match: (p: URLSearchParams) => p.get("source") === "catalog",
  },
  {
    href: "/offers?source=music",
    label: "Music",
    match: (p: URLSearchParams) => p.get("source") === "music",
  },
];

export function StoreHeader({ path, user, returnTo, cartCount }: StoreHeaderProps) {
  const url = new URL(path, "http://store.local");
  const query = url.searchParams.get("q") ?? "";
  const back = encodeURIComponent(returnTo);
  return (
    <header className="border-b border-ink-200 bg-white">
      <div className="container-store flex flex-wrap items-center gap-x-3 gap-y-3 py-4 sm:gap-x-6">
        <Link href="/" className="group flex items-center gap-2.5 rounded-lg">
          <span className="grid size-9 place-items-center rounded-xl bg-accent-600 text-white shadow-sm transition group-hover:bg-accent-700">
            <BagIcon className="size-5" />
          </span>
          <span className="leading-none">
            <span className="block text-lg font-semibold tracking-tight text-ink-900">Suite Store</span>
            <span className="hidden text-[0.7rem] font-medium uppercase tracking-[0.14em] text-ink-500 sm:block">
              One basket · every shop
            </span>
          </span>
        </Link>

        <search className="order-last w-full sm:order-none sm:w-auto sm:flex-1">
          <form action="/offers">
            <label htmlFor="site-search" className="sr-only">
              Search offers
            </label>
            <div className="flex items-center rounded-full border border-ink-200 bg-ink-50 pr-1 focus-within:border-accent-500 focus-within:bg-white focus-within:ring-4 focus-within:ring-accent-100">
              <SearchIcon className="ml-4 size-4 shrink-0 text-ink-500" />
              <input
                id="site-search"
                name="q"
                type="search"
                defaultValue={query}
                placeholder="Search books, gear and albums"
                className="w-full bg-transparent px-3 py-2.5 text-sm text-ink-900 placeholder:text-ink-500 focus:outline-none"
              />
              <button
                type="submit"
                className="rounded-full bg-ink-900 px-4 py-1.5 text-sm font-medium text-white hover:bg-ink-700"
              >
                Search
              </button>
            </div>
          </form>
        </search>

        <div className="ml-auto flex items-center gap-1 text-sm sm:gap-2">
          {user ? (
            <>
              <span className="hidden text-ink-700 md:inline">
                Hello, <span className="font-semibold text-ink-900">{user.name.split(" ")[0]}</span>
              </span>
              <Link
                href="/orders"
                aria-current={url.pathname.startsWith("/orders") ? "page" : undefined}
                className="rounded-full px-3 py-2 font-medium text-ink-700 hover:bg-ink-100 aria-[current=page]:text-accent-700"
              >
                <span className="hidden sm:inline">Your orders</span>
                <span className="sm:hidden">Orders</span>
              </Link>
              <Link
                href="/account"
                aria-current={url.pathname.startsWith("/account") ? "page" : undefined}
                className="rounded-full px-3 py-2 font-medium text-ink-700 hover:bg-ink-100 aria-[current=page]:text-accent-700"
              >
                Account
              </Link>
            </>
          ) : (
            <>
              <a
                href={`/signin?returnTo=${back}`}
                className="rounded-full px-3 py-2 font-medium text-ink-700 hover:bg-ink-100"
              >
                Sign in
              </a>
              <a
                href={`/signup?returnTo=${back}`}
                className="hidden rounded-full border border-accent-600 px-4 py-2 font-medium text-accent-700 hover:bg-accent-50 sm:inline-flex"
              >
                Create account
              </a>
            </>
          )}
          <Link
            href="/cart"
            aria-current={url.pathname === "/cart" ? "page" : undefined}
            className="relative inline-flex items-center gap-2 rounded-full bg-ink-900 py-2 pl-3 pr-4 font-medium text-white hover:bg-ink-700"
          >
            {/* Named by what it shows, "Cart 3", plus "items" for screen readers (WCAG 2.5.3). */}
            <BagIcon className="size-4" />
            <span>Cart</span>{" "}
            <span
              data-testid="store-cart-count"
              className={`grid min-w-5 place-items-center rounded-full px-1.5 text-xs font-semibold ${
                cartCount > 0 ? "bg-highlight-400 text-ink-900" : "bg-white/20 text-white"
              }`}
            >
              {cartCount}
            </span>
            <span className="sr-only"> {cartCount === 1 ? "item" : "items"}</span>
          </Link>
        </div>
      </div>
      <nav aria-label="Shop" className="container-store -mb-px flex gap-1 overflow-x-auto text-sm">
        {sections.map((section) => {
          const active = section.match(url.searchParams, url.pathname);
          return (
            <Link
              key={section.href}
              href={section.href}
              aria-current={active ? "page" : undefined}
              className={`whitespace-nowrap border-b-2 px-3 pb-3 pt-1 font-medium ${
                active
                  ? "border-accent-600 text-accent-700"
                  : "border-transparent text-ink-500 hover:border-ink-300 hover:text-ink-900"
              }`}
            >
              {section.label}
            </Link>
          );
        })}
      </nav>
    </header>
  );
}
