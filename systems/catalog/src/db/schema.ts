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
    index("products_price").on(t.deletedAt, t.priceCents),
  ],
);

export type ProductRow = typeof products.$inferSelect;

/** Why a product's stock changed. `order`/`release` come from the order saga, the rest from people. */
export const stockMovementKinds = [
  "initial",
  "received",
  "returned",
  "damaged",
  "count",
  "import",
  "order",
  "release",
] as const;
export type StockMovementKind = (typeof stockMovementKinds)[number];

/**
 * Every change of a product's stock, written in the same transaction as the change: the product
 * page of the back office shows it as the product's stock history.
 */
export const stockMovements = sqliteTable(
  "stock_movements",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    kind: text("kind", { enum: stockMovementKinds }).notNull(),
    /** In words, e.g. "received delivery", "stock count", "order 0190c8a2-…". */
    reason: text("reason").notNull(),
    /** Signed change; 0 for a count that confirmed the stock. */
    delta: integer("delta").notNull(),
    /** The stock right after this movement. */
    stockAfter: integer("stock_after").notNull(),
    note: text("note").notNull().default(""),
    /** Who: the administrator's email, or "store" for order reservations. */
    actor: text("actor").notNull(),
    orderId: text("order_id"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("stock_movements_product").on(t.productId, t.id)],
);

export type StockMovementRow = typeof stockMovements.$inferSelect;

/**
 * catalog's answer to each order store placed, kept per order id: a re-delivered or re-published
 * `store.order.placed` gets the same answer and never reserves twice.
 */
export const orderReservations = sqliteTable("order_reservations", {
  orderId: text("order_id").primaryKey(),
  customerId: text("customer_id").notNull(),
  outcome: text("outcome", { enum: ["reserved", "rejected"] }).notNull(),
  /** Why the order was rejected (shown to the customer by store). */
  reason: text("reason"),
  /** The catalog lines reserved, as JSON `[{productId, quantity}]`, to give them back on release. */
  lines: text("lines").notNull(),
  decidedAt: integer("decided_at").notNull(),
  /** Set when store rejected an order catalog had reserved: its stock went back on the shelf. */
  releasedAt: integer("released_at"),
});

export type OrderReservationRow = typeof orderReservations.$inferSelect;

export { resyncJobs } from "@scs/messaging/resync-tables";
export { deadLetters, inbox, outbox, replicationStatus } from "@scs/messaging/tables";

/**
 * Copy of store's customers (`store.customer.upserted`), applied only when newer: what catalog
 * needs to check a session without calling store — whether the account's sessions were revoked
 * ("sessions valid after", ms) and its current roles (null: the event did not say).
 */
export const customers = sqliteTable("customers", {
  id: text("id").primaryKey(),
  email: text("email").notNull(),
  name: text("name").notNull(),
  roles: text("roles", { mode: "json" }).$type<("customer" | "admin")[]>(),
  sessionsValidAfter: integer("sessions_valid_after"),
  version: integer("version").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

export type CustomerRow = typeof customers.$inferSelect;
