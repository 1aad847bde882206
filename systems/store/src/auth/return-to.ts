/** The validated `returnTo` of an account page or form, and which shop it leads back to. */
import { suiteOrigins } from "@scs/web/suite-env";
import { safeReturnTo } from "@/domain/return-to";
import { env } from "@/env";

/** `value` when it leads to a page of the suite (resolved against store's URL), else `fallback`. */
export const suiteReturnTo = (value: unknown, fallback = "/") =>
  safeReturnTo(value, { self: env.STORE_URL, origins: suiteOrigins(env) }, fallback);

export function pageReturnTo(value: string | string[] | undefined): { href: string; shop: string } {
  const href = suiteReturnTo(Array.isArray(value) ? value[0] : value);
  const origin = new URL(href, env.STORE_URL).origin;
  const shop =
    origin === new URL(env.CATALOG_URL).origin
      ? "Catalog"
      : origin === new URL(env.MUSIC_URL).origin
        ? "Music"
        : "the store";
  return { href, shop };
}

export const withReturnTo = (path: string, returnTo: string) =>
  returnTo === "/" ? path : `${path}?returnTo=${encodeURIComponent(returnTo)}`;
