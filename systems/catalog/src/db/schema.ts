/**
 * catalog's own tables. catalog is the source of truth for products: every change bumps
 * `version`, and the change and its event are written in one transaction (src/domain/products.ts).
 */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const products = sqliteTable(
  "products",
  {
    id: text("id").primaryKey(),
    sku: text("sku").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    priceCents: integer("price_cents").notNull(),
    currency: text("currency", { enum: ["EUR"] })
      .notNull()
      .default("EUR"),
    /** Slug of one of the fixed categories (src/domain/categories.ts). */
    category: text("category").notNull(),
    stock: integer("stock").notNull(),
    /** Incremented on every change, removal included, so that a replica never goes back. */
    version: integer("version").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    /** Set when the product is removed: the row stays as a tombstone that keeps its version. */
    deletedAt: integer("deleted_at"),
  },
  (t) => [
    uniqueIndex("products_sku_live").on(t.sku).where(sql`deleted_at is null`),
    index("products_listing").on(t.deletedAt, t.createdAt, t.id),
    index("products_category").on(t.category, t.deletedAt),
  ],
);

export type ProductRow = typeof products.$inferSelect;

export { deadLetters, inbox, outbox, replicationStatus } from "@scs/messaging/tables";
