/** Reading and writing the products table. Callers own transactions (see src/domain/products.ts). */
import type { RunResult } from "better-sqlite3";
import { and, asc, count, desc, eq, gt, isNull, lt, lte, or, type SQL, sql } from "drizzle-orm";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { type ProductRow, products } from "../schema";

/** The database or a transaction on it: every query here works in both. */
// biome-ignore lint/suspicious/noExplicitAny: the relational schema is irrelevant to these queries
export type Conn = BaseSQLiteDatabase<"sync", RunResult, any>;

export type NewProductRow = typeof products.$inferInsert;

const live = isNull(products.deletedAt);

/** A product by id; a removed product only if `includeRemoved`. */
export function findProduct(conn: Conn, id: string, { includeRemoved = false } = {}): ProductRow | undefined {
  return conn
    .select()
    .from(products)
    .where(includeRemoved ? eq(products.id, id) : and(eq(products.id, id), live))
    .get();
}

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

export function updateProductRow(conn: Conn, id: string, changes: Partial<NewProductRow>): void {
  conn.update(products).set(changes).where(eq(products.id, id)).run();
}

export interface ProductFilter {
  /** Words matched against title, description and SKU (case-insensitive). */
  q?: string | undefined;
  category?: string | undefined;
  /** Only products at or under this price. */
  maxPriceCents?: number | undefined;
  inStockOnly?: boolean | undefined;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function filterWhere({ q, category, maxPriceCents, inStockOnly }: ProductFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [live];
  if (category) conditions.push(eq(products.category, category));
  if (maxPriceCents !== undefined) conditions.push(lte(products.priceCents, maxPriceCents));
  if (inStockOnly) conditions.push(gt(products.stock, 0));
  for (const word of (q ?? "").trim().split(/\s+/).filter(Boolean).slice(0, 8)) {
    const pattern = `%${escapeLike(word)}%`;
    conditions.push(
      or(
        sql`${products.title} like ${pattern} escape '\\'`,
        sql`${products.description} like ${pattern} escape '\\'`,
        sql`${products.sku} like ${pattern} escape '\\'`,
      ),
    );
  }
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

export const productSorts = ["featured", "newest", "price-asc", "price-desc", "title"] as const;
export type ProductSort = (typeof productSorts)[number];

const orderings: Record<ProductSort, SQL[]> = {
  // In stock first, then the newest: what a shop window would show.
  featured: [sql`${products.stock} = 0`, desc(products.createdAt), asc(products.id)],
  newest: [desc(products.createdAt), desc(products.id)],
  "price-asc": [asc(products.priceCents), asc(products.id)],
  "price-desc": [desc(products.priceCents), asc(products.id)],
  title: [sql`${products.title} collate nocase`, asc(products.id)],
};

/** Numbered pages for people (listing and back office): rows plus the total that matched. */
export function searchProducts(
  conn: Conn,
  filter: ProductFilter & { sort?: ProductSort; page: number; pageSize: number },
): { rows: ProductRow[]; total: number } {
  const where = filterWhere(filter);
  const total = conn.select({ n: count() }).from(products).where(where).get()?.n ?? 0;
  const rows = conn
    .select()
    .from(products)
    .where(where)
    .orderBy(...orderings[filter.sort ?? "featured"])
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .all();
  return { rows, total };
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

/** Every product, removed ones included, in a stable order (for re-publishing). */
export function allProductsWithRemoved(conn: Conn): ProductRow[] {
  return conn.select().from(products).orderBy(asc(products.createdAt), asc(products.id)).all();
}

/** Whether the catalog has ever held a product (the seed runs only on an empty catalog). */
export function hasAnyProduct(conn: Conn): boolean {
  return conn.select({ id: products.id }).from(products).limit(1).get() !== undefined;
}
