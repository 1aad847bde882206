/** The validated `returnTo` of an account page, and which shop it leads back to. */
import { suiteOrigins } from "@scs/web/suite-env";
import { safeReturnTo } from "@/domain/return-to";
import { env } from "@/env";

export function pageReturnTo(value: string | string[] | undefined): { href: string; shop: string } {
  const href = safeReturnTo(Array.isArray(value) ? value[0] : value, suiteOrigins(env));
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
