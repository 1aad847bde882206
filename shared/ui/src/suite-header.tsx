/**
 * The suite header, rendered by every system on every page (ARCHITECTURE journey 5).
 * Through the front door (nginx) it is store's fragment, included on the server (SSI): the page
 * only carries the include directive (`frontDoor`), and the gateway puts store's header — or its
 * static fallback while store is down — in its place. On a system's own port it is plain
 * server-rendered links plus a small browser-side fragment that asks store for the cart count;
 * if store is down that fragment stays empty and the links still work.
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
  /** The request came through the front door: emit the gateway's include instead of the header. */
  frontDoor?: boolean;
}

/** The request header the front door sets on every request it forwards (tools/suite/src/gateway.mjs). */
export const FRONT_DOOR_HEADER = "x-suite-front-door";

/** True when the request came through the front door. */
export const viaFrontDoor = (headers: { get(name: string): string | null }) =>
  headers.get(FRONT_DOOR_HEADER) === "1";

const labels: Record<SystemName, string> = { catalog: "Catalog", music: "Music", store: "Store" };

export function SuiteHeader({ current, urls, user, returnTo, frontDoor = false }: SuiteHeaderProps) {
  if (frontDoor) {
    // The directive is a constant per system, so React never has a reason to replace what the
    // gateway put in its place (a re-render sets the same __html; hydration keeps the DOM).
    return (
      <div
        className="contents"
        suppressHydrationWarning
        // biome-ignore lint/security/noDangerouslySetInnerHtml: a fixed SSI directive, no input in it
        dangerouslySetInnerHTML={{
          __html: `<!--# include virtual="/_gateway/suite-header?current=${current}" -->`,
        }}
      />
    );
  }
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
