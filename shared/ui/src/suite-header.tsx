/**
 * The suite header, rendered by every system on every page (ARCHITECTURE journey 5).
 * It is plain server-rendered links plus small browser-side fragments that ask store for the
 * cart count; if store is down the fragments stay empty and the links still work.
 */
import { CartCount } from "./cart-count";

export type SystemName = "catalog" | "music" | "store";

export interface SuiteHeaderProps {
  current: SystemName;
  urls: Record<SystemName, string>;
  /** The verified session of the request, if any. */
  user: { name: string; isAdmin: boolean } | null;
  /** Absolute URL of the current page, to come back after signing in or out. */
  returnTo: string;
}

const labels: Record<SystemName, string> = { catalog: "Catalog", music: "Music", store: "Store" };

export function SuiteHeader({ current, urls, user, returnTo }: SuiteHeaderProps) {
  const back = encodeURIComponent(returnTo);
  return (
    <div className="border-b border-ink-200 bg-ink-900 text-ink-100 text-sm">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-1 gap-y-2 px-4 py-2">
        <span className="mr-3 font-display text-base text-white">Suite&nbsp;Shop</span>
        <nav aria-label="Suite" className="flex gap-1">
          {(Object.keys(labels) as SystemName[]).map((system) => (
            <a
              key={system}
              href={urls[system]}
              aria-current={system === current ? "page" : undefined}
              className={
                system === current
                  ? "rounded-md bg-white/15 px-3 py-1 font-medium text-white"
                  : "rounded-md px-3 py-1 text-ink-300 hover:bg-white/10 hover:text-white"
              }
            >
              {labels[system]}
            </a>
          ))}
        </nav>
        <div className="ml-auto flex flex-wrap items-center gap-3">
          {user ? (
            <>
              <span className="text-ink-300">
                <span className="hidden sm:inline">Signed in as </span>
                <span className="text-white">{user.name}</span>
                {user.isAdmin ? " (admin)" : ""}
              </span>
              <a className="hover:text-white" href={`${urls.store}/signout?returnTo=${back}`}>
                Sign out
              </a>
            </>
          ) : (
            <a className="hover:text-white" href={`${urls.store}/signin?returnTo=${back}`}>
              Sign in
            </a>
          )}
          <a className="rounded-md bg-white/10 px-3 py-1 hover:bg-white/20" href={`${urls.store}/cart`}>
            Cart <CartCount storeUrl={urls.store} />
          </a>
        </div>
      </div>
    </div>
  );
}
