/**
 * The suite header as an HTML fragment: what store serves at /fragments/suite-header for the front
 * door to include (SSI) into every system's pages. Same markup and classes as <SuiteHeader>, with
 * the cart count already filled in: right on first paint, no JavaScript, no CORS.
 */
import type { SystemName } from "./suite-header";

export interface SuiteHeaderHtmlProps {
  current: SystemName;
  /** Where each system is, as the visitor reaches it (the front door's paths). */
  urls: Record<SystemName, string>;
  user: { name: string; isAdmin: boolean } | null;
  /** Absolute URL of the page the header is included into, to come back after signing in or out. */
  returnTo: string;
  cartCount: number;
}

const labels: Record<SystemName, string> = { catalog: "Catalog", music: "Music", store: "Store" };

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function suiteHeaderHtml({ current, urls, user, returnTo, cartCount }: SuiteHeaderHtmlProps): string {
  const back = encodeURIComponent(returnTo);
  const nav = (Object.keys(labels) as SystemName[])
    .map((system) =>
      system === current
        ? `<a href="${escapeHtml(urls[system])}" aria-current="page" class="rounded-md bg-white/15 px-3 py-1 font-medium text-white">${labels[system]}</a>`
        : `<a href="${escapeHtml(urls[system])}" class="rounded-md px-3 py-1 text-ink-300 hover:bg-white/10 hover:text-white">${labels[system]}</a>`,
    )
    .join("");
  const account = user
    ? `<span class="text-ink-300"><span class="hidden sm:inline">Signed in as </span><span class="text-white">${escapeHtml(user.name)}</span>${user.isAdmin ? " (admin)" : ""}</span><a class="hover:text-white" href="${escapeHtml(`${urls.store}/signout?returnTo=${back}`)}">Sign out</a>`
    : `<a class="hover:text-white" href="${escapeHtml(`${urls.store}/signin?returnTo=${back}`)}">Sign in</a>`;
  const count = `<span data-testid="cart-count" class="ml-1 rounded-full bg-white px-1.5 text-xs font-semibold text-ink-900">${cartCount}</span>`;
  return `<div class="border-b border-ink-200 bg-ink-900 text-ink-100 text-sm" data-suite-header="store"><div class="mx-auto flex max-w-6xl flex-wrap items-center gap-x-1 gap-y-2 px-4 py-2"><span class="mr-3 font-display text-base text-white">Suite&nbsp;Shop</span><nav aria-label="Suite" class="flex gap-1">${nav}</nav><div class="ml-auto flex flex-wrap items-center gap-3">${account}<a class="rounded-md bg-white/10 px-3 py-1 hover:bg-white/20" href="${escapeHtml(`${urls.store}/cart`)}">Cart ${count}</a></div></div></div>\n`;
}
