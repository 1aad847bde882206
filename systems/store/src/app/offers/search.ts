/**
 * The offers page's address: search, shop, category, price range, availability, sort and page.
 * Anything malformed falls back to a default instead of an error page.
 */
import { z } from "zod";
import { type OfferFilter, offerSorts } from "@/db/queries/offers";
import { offerSources } from "@/db/schema";

export const PAGE_SIZE = 24;

/** A price in euros as typed ("12", "12.5", "12,50") → cents, or undefined. */
const euros = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().replace(",", ".") : v),
  z.union([z.literal("").transform(() => undefined), z.coerce.number().nonnegative().max(1_000_000)]),
);

const toCents = (value: number | undefined) => (value === undefined ? undefined : Math.round(value * 100));

export const searchSchema = z.object({
  source: z.enum(offerSources).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  category: z.string().trim().max(80).optional().catch(undefined),
  min: euros.optional().catch(undefined),
  max: euros.optional().catch(undefined),
  available: z
    .string()
    .optional()
    .transform((v) => v === "1" || v === "on" || v === "true")
    .catch(false),
  sort: z.enum(offerSorts).default("newest").catch("newest"),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});

export type Search = z.infer<typeof searchSchema>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function parseSearch(raw: Record<string, string | string[] | undefined>): Search {
  const search = searchSchema.parse({
    source: first(raw.source),
    q: first(raw.q) || undefined,
    category: first(raw.category) || undefined,
    min: first(raw.min),
    max: first(raw.max),
    available: first(raw.available),
    sort: first(raw.sort),
    page: first(raw.page),
  });
  // A range typed the wrong way round is still meant as a range.
  if (search.min !== undefined && search.max !== undefined && search.min > search.max) {
    return { ...search, min: search.max, max: search.min };
  }
  return search;
}

/** The database filter for a search (without paging). */
export function filterOf(search: Search): Omit<OfferFilter, "limit" | "offset"> {
  return {
    source: search.source,
    q: search.q,
    category: search.category,
    minCents: toCents(search.min),
    maxCents: toCents(search.max),
    availableOnly: search.available,
    sort: search.sort,
  };
}

/** The address of the offers page with some of the search changed (page 1 unless given). */
export function hrefWith(search: Search, change: Partial<Search>): string {
  const next: Search = { ...search, page: 1, ...change };
  const params = new URLSearchParams();
  if (next.q) params.set("q", next.q);
  if (next.source) params.set("source", next.source);
  if (next.category) params.set("category", next.category);
  if (next.min !== undefined) params.set("min", String(next.min));
  if (next.max !== undefined) params.set("max", String(next.max));
  if (next.available) params.set("available", "1");
  if (next.sort !== "newest") params.set("sort", next.sort);
  if (next.page > 1) params.set("page", String(next.page));
  const query = params.toString();
  return query ? `/offers?${query}` : "/offers";
}

/** Page numbers to show around the current one: 1 … 4 5 [6] 7 8 … 20. */
export function pageWindow(current: number, pages: number): (number | "gap")[] {
  const wanted = new Set([1, pages, current - 1, current, current + 1]);
  if (current <= 3) for (const n of [2, 3, 4]) wanted.add(n);
  if (current >= pages - 2) for (const n of [pages - 1, pages - 2, pages - 3]) wanted.add(n);
  const numbers = [...wanted].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  const out: (number | "gap")[] = [];
  for (const n of numbers) {
    const last = out[out.length - 1];
    if (typeof last === "number" && n - last > 1) out.push(n - last === 2 ? n - 1 : "gap");
    out.push(n);
  }
  return out;
}
