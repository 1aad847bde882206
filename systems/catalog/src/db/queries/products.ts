/** Reading and writing the products table. Callers own transactions (see src/domain/products.ts). */

import { preparedOnce } from "@scs/messaging/db";
import type { RunResult } from "better-sqlite3";
import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  gt,
  gte,
  inArray,
  isNull,
  lt,
  lte,
  max,
  min,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { type ProductRow, products } from "../schema";

/** The database or a transaction on it: every query here works in both. */
// biome-ignore lint/suspicious/noExplicitAny: the relational schema is irrelevant to these queries
export type Conn = BaseSQLiteDatabase<"sync", RunResult, any>;

export type NewProductRow = typeof products.$inferInsert;

const live = isNull(products.deletedAt);

/** A product by id; a removed product only if `includeRemoved`. */
export function findProduct(conn: Conn, id: string, { includeRemoved = false } = {}): ProductRow | undefined {
  return preparedOnce(conn, includeRemoved ? prepareFindAny : prepareFindLive).get({ id });
}

// Prepared once per connection: every change of a product starts by reading it.
const prepareFindLive = (conn: Conn) =>
  conn
    .select()
    .from(products)
    .where(and(eq(products.id, sql.placeholder("id")), live))
    .prepare();
const prepareFindAny = (conn: Conn) =>
  conn
    .select()
    .from(products)
    .where(eq(products.id, sql.placeholder("id")))
    .prepare();

/** The live product holding a SKU, if any. */
export function findProductBySku(conn: Conn, sku: string): ProductRow | undefined {
  return conn
    .select()
    .from(products)
    .where(and(eq(products.sku, sku), live))
    .get();
}

export function insertProduct(conn: Conn, row: NewProductRow): void {
  conn.insert(products).values(row).run();
}

/**
 * Sets the given columns of a product. Every edit runs this (thousands a second under a flood of
 * edits, issue 15's T3), so the statement for each set of columns is prepared once per connection
 * instead of built by drizzle on every call: only the columns given are set, as before, so that
 * an edit of the price does not fire the search index's trigger (`UPDATE OF title, sku, description`).
 */
export function updateProductRow(conn: Conn, id: string, changes: Partial<NewProductRow>): void {
  const columns = (Object.keys(changes) as (keyof NewProductRow)[])
    .filter((column) => changes[column] !== undefined)
    .sort();
  const key = columns.join(",");
  let prepare = updateStatements.get(key);
  if (!prepare) {
    prepare = prepareUpdate(columns);
    updateStatements.set(key, prepare);
  }
  preparedOnce(conn, prepare).run({ ...changes, [ID_PLACEHOLDER]: id });
}

/** The statement of each set of columns (at most one per subset of products' columns). */
const updateStatements = new Map<string, ReturnType<typeof prepareUpdate>>();
/** Not a column's name: the values of the columns and the row's id share one map. */
const ID_PLACEHOLDER = "$id";
const productColumns = getTableColumns(products);

function prepareUpdate(columns: (keyof NewProductRow)[]) {
  // Each value goes through its column's encoder, as drizzle's `set` binds it.
  const set = Object.fromEntries(
    columns.map((column) => [column, sql`${sql.param(sql.placeholder(column), productColumns[column])}`]),
  );
  return (conn: Conn) =>
    conn
      .update(products)
      .set(set)
      .where(eq(products.id, sql.placeholder(ID_PLACEHOLDER)))
      .prepare();
}

export interface ProductFilter {
  /** Words searched in title, SKU and description (full text, each word as a prefix, all must match). */
  q?: string | undefined;
  category?: string | undefined;
  /** Only products at or over this price. */
  minPriceCents?: number | undefined;
  /** Only products at or under this price. */
  maxPriceCents?: number | undefined;
  inStockOnly?: boolean | undefined;
}

/** Most words a search uses (the rest are ignored). */
const MAX_SEARCH_WORDS = 8;

/**
 * What a person typed, as an FTS5 query: every word (letters and digits; punctuation separates
 * words, as in the index) must occur, as a prefix, so "stone mug" finds "Stoneware Mug". Each word
 * is quoted, so FTS syntax in the input ("AND", "NEAR", `*`, `"`) is only ever text.
 * null when there is nothing to search for; "" when the input has no searchable word at all.
 */
export function ftsQuery(q: string | undefined): string | null {
  if (q === undefined || q.trim() === "") return null;
  const words =
    q
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return words
    .slice(0, MAX_SEARCH_WORDS)
    .map((w) => `"${w}"*`)
    .join(" ");
}

/** The FTS5 index of products (drizzle/0002_products_search.sql), keyed by products' rowid. */
const fts = sql.identifier("products_fts");

function filterWhere({
  q,
  category,
  minPriceCents,
  maxPriceCents,
  inStockOnly,
}: ProductFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [live];
  if (category) conditions.push(eq(products.category, category));
  if (minPriceCents !== undefined) conditions.push(gte(products.priceCents, minPriceCents));
  if (maxPriceCents !== undefined) conditions.push(lte(products.priceCents, maxPriceCents));
  if (inStockOnly) conditions.push(gt(products.stock, 0));
  const match = ftsQuery(q);
  if (match === "") conditions.push(sql`0`);
  else if (match !== null)
    conditions.push(sql`${products}.rowid in (select rowid from ${fts} where ${fts} match ${match})`);
  return and(...conditions);
}

/** Position in the newest-first order: an opaque cursor for the JSON API. */
export const encodeCursor = (row: Pick<ProductRow, "createdAt" | "id">) =>
  Buffer.from(JSON.stringify([row.createdAt, row.id])).toString("base64url");

export function decodeCursor(cursor: string): { createdAt: number; id: string } | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value) && Number.isInteger(value[0]) && typeof value[1] === "string") {
      return { createdAt: value[0] as number, id: value[1] };
    }
  } catch {
    // fall through: not a cursor we issued
  }
  return null;
}

/** Newest first, keyset-paginated (stable while products are added). */
export function listProductsPage(
  conn: Conn,
  filter: ProductFilter & { limit: number; after?: { createdAt: number; id: string } | undefined },
): { rows: ProductRow[]; nextCursor: string | null } {
  const { after, limit } = filter;
  const position = after
    ? or(
        lt(products.createdAt, after.createdAt),
        and(eq(products.createdAt, after.createdAt), lt(products.id, after.id)),
      )
    : undefined;
  const rows = conn
    .select()
    .from(products)
    .where(and(filterWhere(filter), position))
    .orderBy(desc(products.createdAt), desc(products.id))
    .limit(limit + 1)
    .all();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

export const productSorts = ["relevance", "featured", "newest", "price-asc", "price-desc", "title"] as const;
export type ProductSort = (typeof productSorts)[number];

const orderings: Record<Exclude<ProductSort, "relevance">, SQL[]> = {
  // In stock first, then the newest: what a shop window would show.
  featured: [sql`${products.stock} = 0`, desc(products.createdAt), asc(products.id)],
  newest: [desc(products.createdAt), desc(products.id)],
  "price-asc": [asc(products.priceCents), asc(products.id)],
  "price-desc": [desc(products.priceCents), asc(products.id)],
  title: [sql`${products.title} collate nocase`, asc(products.id)],
};

/**
 * Numbered pages for people (listing and back office): rows plus the total that matched.
 * "relevance" orders a search by its full-text rank (title matches first); without a search it
 * is the "featured" order.
 */
export function searchProducts(
  conn: Conn,
  filter: ProductFilter & { sort?: ProductSort; page: number; pageSize: number },
): { rows: ProductRow[]; total: number } {
  const where = filterWhere(filter);
  const total = conn.select({ n: count() }).from(products).where(where).get()?.n ?? 0;
  const sort = filter.sort ?? "featured";
  const match = ftsQuery(filter.q);
  const offset = (filter.page - 1) * filter.pageSize;
  if (sort === "relevance" && match) {
    const ranked = conn
      .select({ id: products.id })
      .from(products)
      .innerJoin(sql`${fts}`, sql`${fts}.rowid = ${products}.rowid`)
      .where(and(where, sql`${fts} match ${match}`))
      .orderBy(sql`${fts}.rank`, ...orderings.featured)
      .limit(filter.pageSize)
      .offset(offset)
      .all()
      .map((r) => r.id);
    if (ranked.length === 0) return { rows: [], total };
    const byId = new Map(
      conn
        .select()
        .from(products)
        .where(inArray(products.id, ranked))
        .all()
        .map((r) => [r.id, r]),
    );
    return { rows: ranked.flatMap((id) => byId.get(id) ?? []), total };
  }
  const rows = conn
    .select()
    .from(products)
    .where(where)
    .orderBy(...orderings[sort === "relevance" ? "featured" : sort])
    .limit(filter.pageSize)
    .offset(offset)
    .all();
  return { rows, total };
}

/** Lowest and highest price of live products (for the price filter's hints). */
export function priceRange(conn: Conn): { min: number; max: number } | null {
  const row = conn
    .select({ min: min(products.priceCents), max: max(products.priceCents) })
    .from(products)
    .where(live)
    .get();
  return row && row.min !== null && row.max !== null ? { min: row.min, max: row.max } : null;
}

/** Live products by id (missing and removed ones are absent from the map). */
export function findProductsByIds(conn: Conn, ids: string[]): Map<string, ProductRow> {
  if (ids.length === 0) return new Map();
  const rows = conn
    .select()
    .from(products)
    .where(and(inArray(products.id, ids), live))
    .all();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Live products per category slug. */
export function countByCategory(conn: Conn): Map<string, number> {
  const rows = conn
    .select({ category: products.category, n: count() })
    .from(products)
    .where(live)
    .groupBy(products.category)
    .all();
  return new Map(rows.map((r) => [r.category, r.n]));
}

/**
 * One page of every product, removed ones included, in id order (for re-publishing): ids after
 * `after` and at most `through` (either null: no bound), at most `limit` of them. Walks the
 * primary key, so each page costs the same wherever it starts.
 */
export function productsPage(
  conn: Conn,
  page: { after: string | null; through: string | null; limit: number },
): ProductRow[] {
  return conn
    .select()
    .from(products)
    .where(
      and(
        page.after === null ? undefined : gt(products.id, page.after),
        page.through === null ? undefined : lte(products.id, page.through),
      ),
    )
    .orderBy(asc(products.id))
    .limit(page.limit)
    .all();
}

/** Whether the catalog has ever held a product (the seed runs only on an empty catalog). */
export function hasAnyProduct(conn: Conn): boolean {
  return conn.select({ id: products.id }).from(products).limit(1).get() !== undefined;
}
