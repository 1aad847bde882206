/**
 * Products: catalog's own aggregate. Every operation validates its input with ONE schema (shared
 * by the JSON API, the back-office actions and the seed), then writes the change and its
 * full-state event to the outbox in one synchronous transaction, with the new version.
 */
import { randomInt } from "node:crypto";
import type { EventData } from "@scs/contracts/events";
import type { Tx } from "@scs/messaging/db";
import { recordEvent, transact } from "@scs/messaging/outbox";
import type { ResyncPage } from "@scs/messaging/resync-jobs";
import { z } from "zod";
import type { CatalogDb } from "@/db/client";
import {
  type Conn,
  findProduct,
  findProductBySku,
  insertProduct,
  productsPage,
  updateProductRow,
} from "@/db/queries/products";
import { insertStockMovement } from "@/db/queries/stock";
import type { ProductRow, StockMovementKind } from "@/db/schema";
import { env } from "@/env";
import { categoryName, categorySlugs } from "./categories";
import { ProductError } from "./errors";
import { stockReasonOf } from "./stock-reasons";

export type { Tx };

export const MAX_PRICE_CENTS = 100_000_000;
export const MAX_STOCK = 1_000_000;

export const productFields = {
  sku: z
    .string({ error: "SKU is required" })
    .trim()
    .min(1, { error: "SKU is required", abort: true })
    .max(64, "SKU is at most 64 characters")
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "SKU may contain letters, digits, dots, dashes and underscores")
    .transform((s) => s.toUpperCase()),
  title: z
    .string({ error: "Title is required" })
    .trim()
    .min(1, { error: "Title is required", abort: true })
    .max(200, "Title is at most 200 characters"),
  description: z
    .string({ error: "Description must be text" })
    .trim()
    .max(5000, "Description is at most 5,000 characters")
    // Browsers submit textarea line breaks as CRLF: store one form, so an untouched text is no change.
    .transform((text) => text.replace(/\r\n?/g, "\n")),
  priceCents: z
    .number({ error: "Price is required (a whole number of cents)" })
    .int("Price must be a whole number of cents")
    .min(0, "Price can't be negative")
    .max(MAX_PRICE_CENTS, "Price must be at most €1,000,000"),
  category: z.enum(categorySlugs, { error: `Category must be one of: ${categorySlugs.join(", ")}` }),
  stock: z
    .number({ error: "Stock is required (a whole number)" })
    .int("Stock must be a whole number")
    .min(0, "Stock can't be negative")
    .max(MAX_STOCK, "Stock must be at most 1,000,000"),
  /** Accepted for symmetry with the product JSON: catalog sells in euros only. */
  currency: z.literal("EUR", { error: "Currency must be EUR" }).optional(),
};

/** POST /api/products, the "new product" form and the seed. */
export const createProductSchema = z.strictObject({
  sku: productFields.sku,
  title: productFields.title,
  description: productFields.description.default(""),
  priceCents: productFields.priceCents,
  category: productFields.category,
  stock: productFields.stock,
  currency: productFields.currency,
});

/** PATCH /api/products/{id} and the edit form: any subset of the fields, at least one. */
export const updateProductSchema = z
  .strictObject({
    sku: productFields.sku.optional(),
    title: productFields.title.optional(),
    description: productFields.description.optional(),
    priceCents: productFields.priceCents.optional(),
    category: productFields.category.optional(),
    stock: productFields.stock.optional(),
    currency: productFields.currency,
  })
  .refine((patch) => Object.values(patch).some((v) => v !== undefined), {
    message: "Nothing to change: send at least one field",
  });

export type CreateProductInput = z.input<typeof createProductSchema>;
export type UpdateProductInput = z.input<typeof updateProductSchema>;

/** A product as the JSON API and the pages see it. */
export interface Product {
  id: string;
  sku: string;
  title: string;
  description: string;
  priceCents: number;
  currency: "EUR";
  category: string;
  categoryName: string;
  stock: number;
  version: number;
  image: string;
  createdAt: string;
  updatedAt: string;
}

export const productImageUrl = (id: string) =>
  `${env.CATALOG_URL}/images/products/${encodeURIComponent(id)}.svg`;

export function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    sku: row.sku,
    title: row.title,
    description: row.description,
    priceCents: row.priceCents,
    currency: row.currency,
    category: row.category,
    categoryName: categoryName(row.category),
    stock: row.stock,
    version: row.version,
    image: productImageUrl(row.id),
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

/** The full state consumers copy (`catalog.product.upserted`). */
export function toUpsertedData(row: ProductRow): EventData<"catalog.product.upserted"> {
  return {
    id: row.id,
    sku: row.sku,
    title: row.title,
    description: row.description,
    priceCents: row.priceCents,
    currency: row.currency,
    category: row.category,
    stock: row.stock,
    image: productImageUrl(row.id),
  };
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ProductError(
      "invalid",
      "Invalid product",
      result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  }
  return result.data;
}

const ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

/** A short readable id: the title's slug plus a random suffix, e.g. "linen-apron-k3f9q". */
export function newProductId(title: string): string {
  const slug =
    title
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/&/g, " and ")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40)
      .replace(/-+$/, "") || "product";
  let suffix = "";
  for (let i = 0; i < 5; i++) suffix += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return `${slug}-${suffix}`;
}

function assertSkuFree(conn: Conn, sku: string, exceptId?: string) {
  const holder = findProductBySku(conn, sku);
  if (holder && holder.id !== exceptId) {
    throw new ProductError("conflict", `SKU ${sku} is already used by "${holder.title}"`, [
      { path: "sku", message: `Already used by "${holder.title}"` },
    ]);
  }
}

export function requireProduct(conn: Conn, id: string): ProductRow {
  const row = findProduct(conn, id);
  if (!row) throw new ProductError("not_found", `No product ${id}`);
  return row;
}

/** Records the product's full state (with its version) for the replicas. */
export function recordUpserted(tx: Tx, row: ProductRow) {
  recordEvent(tx, "catalog.product.upserted", row.id, toUpsertedData(row), { aggregateVersion: row.version });
}

function recordRemoved(tx: Tx, row: ProductRow) {
  recordEvent(tx, "catalog.product.removed", row.id, { id: row.id }, { aggregateVersion: row.version });
}

/** Who made a change and when; the actor is written into the stock history. */
export interface ChangeOptions {
  now?: number;
  /** The administrator's email (or "catalog" for the seed, "api" for an anonymous script). */
  actor?: string;
}

export type CreateProductData = z.output<typeof createProductSchema>;
export type UpdateProductPatch = Omit<z.output<typeof updateProductSchema>, "currency">;

/** Inserts a validated new product inside the caller's transaction, with its first stock movement. */
export function insertNewProduct(
  tx: Tx,
  data: CreateProductData,
  { now = Date.now(), actor = "catalog", stockKind = "initial" as StockMovementKind, note = "" } = {},
): ProductRow {
  assertSkuFree(tx, data.sku);
  let id = newProductId(data.title);
  while (findProduct(tx, id, { includeRemoved: true })) id = newProductId(data.title);
  const row: ProductRow = {
    id,
    sku: data.sku,
    title: data.title,
    description: data.description,
    priceCents: data.priceCents,
    currency: "EUR",
    category: data.category,
    stock: data.stock,
    version: 1,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
  insertProduct(tx, row);
  insertStockMovement(tx, {
    productId: id,
    kind: stockKind,
    reason: stockReasonOf(stockKind),
    delta: data.stock,
    stockAfter: data.stock,
    note,
    actor,
    createdAt: now,
  });
  recordUpserted(tx, row);
  return row;
}

/**
 * Applies a validated patch to a live product inside the caller's transaction. Fields equal to the
 * current ones are no change; no change at all means no new version and no event. A new stock is
 * recorded as a movement (`stockKind`, a stock count unless said otherwise).
 */
export function applyProductPatch(
  tx: Tx,
  current: ProductRow,
  patch: UpdateProductPatch,
  { now = Date.now(), actor = "catalog", stockKind = "count" as StockMovementKind, note = "" } = {},
): ProductRow {
  if (patch.sku !== undefined) assertSkuFree(tx, patch.sku, current.id);
  const changes = Object.fromEntries(
    Object.entries(patch).filter(
      ([key, value]) => value !== undefined && current[key as keyof ProductRow] !== value,
    ),
  ) as Partial<ProductRow>;
  if (Object.keys(changes).length === 0) return current;
  const next: ProductRow = { ...current, ...changes, version: current.version + 1, updatedAt: now };
  updateProductRow(tx, current.id, { ...changes, version: next.version, updatedAt: now });
  if (changes.stock !== undefined) {
    insertStockMovement(tx, {
      productId: current.id,
      kind: stockKind,
      reason: stockReasonOf(stockKind),
      delta: next.stock - current.stock,
      stockAfter: next.stock,
      note,
      actor,
      createdAt: now,
    });
  }
  recordUpserted(tx, next);
  return next;
}

/** Adds a product (version 1). Throws ProductError "invalid" or "conflict" (SKU in use). */
export function createProduct(db: CatalogDb, input: unknown, options: ChangeOptions = {}): Product {
  const data = parse(createProductSchema, input);
  return toProduct(transact(db, (tx) => insertNewProduct(tx, data, options)));
}

/**
 * Changes some fields of a live product. A change that leaves the product as it was is not a
 * change: no new version, no event. A new stock is recorded as a stock count in the history.
 * Throws ProductError "invalid", "not_found" or "conflict".
 */
export function updateProduct(
  db: CatalogDb,
  id: string,
  input: unknown,
  options: ChangeOptions = {},
): Product {
  const { currency: _currency, ...patch } = parse(updateProductSchema, input);
  return toProduct(
    transact(db, (tx) =>
      applyProductPatch(tx, requireProduct(tx, id), patch, {
        ...options,
        note: patch.stock !== undefined ? "Stock set with the product's other details" : "",
      }),
    ),
  );
}

/**
 * Removes a product: the row stays as a tombstone (deletedAt, version + 1) so that a replica
 * never lets an older upsert bring it back. Throws ProductError "not_found".
 */
export function deleteProduct(db: CatalogDb, id: string, { now = Date.now() }: ChangeOptions = {}): void {
  transact(db, (tx) => {
    const current = requireProduct(tx, id);
    const removed: ProductRow = { ...current, version: current.version + 1, updatedAt: now, deletedAt: now };
    updateProductRow(tx, id, { version: removed.version, updatedAt: now, deletedAt: now });
    recordRemoved(tx, removed);
  });
}

/**
 * Re-records one page of products (in id order, see `productsPage`) with their CURRENT state and
 * version: an upsert for live products, a tombstone for removed ones, for a replica that asked to
 * resync (src/messaging/republish.ts works the pages off). Consumers ignore what they already
 * hold. Runs inside the caller's transaction; returns the ids, in order.
 */
export function republishProducts(tx: Tx, page: ResyncPage): string[] {
  const rows = productsPage(tx, page);
  for (const row of rows) {
    if (row.deletedAt === null) recordUpserted(tx, row);
    else recordRemoved(tx, row);
  }
  return rows.map((row) => row.id);
}

export const isInStock = (p: Pick<Product, "stock">) => p.stock > 0;
