"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { SearchIcon, WavelineMark } from "./icons";

const links = [
  { href: "/", label: "Discover", match: /^\/$/ },
  { href: "/albums", label: "Albums", match: /^\/albums/ },
  { href: "/artists", label: "Artists", match: /^\/artists/ },
  { href: "/library", label: "My library", match: /^\/library/ },
];

/**
 * music's own bar under the suite header: brand, sections, search, and the back office for admins.
 * A client component: it stays mounted across client-side navigations and follows the path.
 */
export function MusicHeader({ initialPath, isAdmin }: { initialPath: string; isAdmin: boolean }) {
  const path = usePathname();
  const [initialPathname, initialQuery = ""] = initialPath.split("?");
  const q =
    path.startsWith("/albums") && path === initialPathname
      ? (new URLSearchParams(initialQuery).get("q") ?? "")
      : "";
  return (
    <header className="sticky top-0 z-30 border-b border-white/5 bg-night-950/80 backdrop-blur-xl">
      <div className="container-music flex flex-wrap items-center gap-x-6 gap-y-3 py-3">
        <Link href="/" className="group flex items-center gap-2.5 rounded-lg" aria-label="Waveline, home">
          <WavelineMark className="h-8 w-8 transition-transform group-hover:rotate-6" />
          <span className="headline text-xl tracking-tight">Waveline</span>
        </Link>
        <nav
          aria-label="Music"
          className="order-3 -mx-1 flex w-full gap-1 overflow-x-auto px-1 sm:order-none sm:mx-0 sm:w-auto sm:px-0"
        >
          {links.map((link) => {
            const active = link.match.test(path);
            return (
              <Link
                key={link.href}
                href={link.href}
                aria-current={active ? "page" : undefined}
                className={`whitespace-nowrap rounded-full px-4 py-1.5 text-sm font-medium transition-colors ${
                  active ? "bg-white text-night-950" : "text-haze-300 hover:bg-white/10 hover:text-white"
                }`}
              >
                {link.label}
              </Link>
            );
          })}
          {isAdmin && (
            <Link
              href="/admin"
              aria-current={path.startsWith("/admin") ? "page" : undefined}
              className={`whitespace-nowrap rounded-full px-4 py-1.5 text-sm font-medium transition-colors ${
                path.startsWith("/admin")
                  ? "bg-accent-600 text-white"
                  : "text-accent-300 hover:bg-accent-500/15 hover:text-accent-100"
              }`}
            >
              Back office
            </Link>
          )}
        </nav>
        <search className="relative w-full sm:ml-auto sm:w-72">
          <form action="/albums">
            <label htmlFor="music-search" className="sr-only">
              Search albums and artists
            </label>
            <SearchIcon className="pointer-events-none absolute top-1/2 left-3.5 h-4 w-4 -translate-y-1/2 text-haze-500" />
            <input
              id="music-search"
              name="q"
              type="search"
              key={q}
              defaultValue={q}
              placeholder="Search albums and artists"
              className="w-full rounded-full border border-white/10 bg-white/5 py-2 pr-4 pl-10 text-sm text-white placeholder:text-haze-500 focus:border-accent-400 focus:bg-white/10 focus:outline-none"
            />
          </form>
        </search>
      </div>
    </header>
  );
}
