/**
 * The shop listing's address: search, department, price range, "in stock only", sort and page.
 * Lenient on purpose: a bad parameter in a shared link falls back to its default instead of an
 * error page. One place builds the links too, so every link keeps the other filters.
 */
import { z } from "zod";
import { type ProductSort, productSorts } from "@/db/queries/products";
import { type Category, categoryOf } from "@/domain/categories";
import { centsToInput, parseEuroInput } from "@/domain/money";

const euros = z
  .string()
  .trim()
  .max(20)
  .transform((v) => (v === "" ? undefined : (parseEuroInput(v) ?? undefined)))
  .optional()
  .catch(undefined);

const paramsSchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  category: z.string().max(100).optional().catch(undefined),
  min: euros,
  max: euros,
  instock: z
    .string()
    .optional()
    .transform((v) => v === "1" || v === "on" || v === "true")
    .catch(false),
  sort: z.enum(productSorts).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

export interface ListingParams {
  q: string | undefined;
  category: Category | undefined;
  minPriceCents: number | undefined;
  maxPriceCents: number | undefined;
  inStockOnly: boolean;
  sort: ProductSort;
  page: number;
}

export type RawSearchParams = Record<string, string | string[] | undefined>;

export function readListingParams(raw: RawSearchParams): ListingParams {
  const first = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const p = paramsSchema.parse(first);
  const q = p.q || undefined;
  let [minPriceCents, maxPriceCents] = [p.min, p.max];
  if (minPriceCents !== undefined && maxPriceCents !== undefined && minPriceCents > maxPriceCents) {
    [minPriceCents, maxPriceCents] = [maxPriceCents, minPriceCents];
  }
  // "Best match" only means something for a search; it is a search's default order.
  const sort = p.sort === "relevance" && !q ? "featured" : (p.sort ?? (q ? "relevance" : "featured"));
  return {
    q,
    category: p.category ? categoryOf(p.category) : undefined,
    minPriceCents,
    maxPriceCents,
    inStockOnly: p.instock,
    sort,
    page: p.page ?? 1,
  };
}

/** 1000 → "10", 2450 → "24.50": what a person would type in the price fields. */
export const eurosParam = (cents: number) => (cents % 100 === 0 ? String(cents / 100) : centsToInput(cents));

export type ListingChange = Partial<{
  q: string | null;
  category: string | null;
  minPriceCents: number | null;
  maxPriceCents: number | null;
  inStockOnly: boolean;
  sort: ProductSort;
  page: number;
}>;

/** The listing's address with some parameters changed (any change but the page goes to page 1). */
export function listingHref(current: ListingParams, change: ListingChange = {}): string {
  const pick = <K extends keyof ListingChange>(key: K, value: ListingChange[K] | undefined) =>
    key in change ? change[key] : value;
  const q = pick("q", current.q);
  const category = pick("category", current.category?.slug);
  const min = pick("minPriceCents", current.minPriceCents);
  const max = pick("maxPriceCents", current.maxPriceCents);
  const inStock = pick("inStockOnly", current.inStockOnly);
  const sort = pick("sort", current.sort);
  const page = "page" in change ? change.page : 1;
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (category) params.set("category", category);
  if (min !== null && min !== undefined) params.set("min", eurosParam(min));
  if (max !== null && max !== undefined) params.set("max", eurosParam(max));
  if (inStock) params.set("instock", "1");
  if (sort && sort !== (q ? "relevance" : "featured") && !(sort === "relevance" && !q))
    params.set("sort", sort);
  if (page && page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/products?${query}` : "/products";
}
