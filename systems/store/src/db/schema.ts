/**
 * store's own tables. Owned: accounts, carts, orders. Copied: offers (catalog's products and music's albums,
 * applied from their events). Messaging tables come from @scs/messaging so that drizzle-kit
 * generates them into store's migrations.
 */
import type { Role } from "@scs/web/session";
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

export { resyncJobs } from "@scs/messaging/resync-tables";
export { deadLetters, inbox, outbox, replicationStatus } from "@scs/messaging/tables";

/** Customer accounts and administrators: the suite's identities (owned by store). */
export const accounts = sqliteTable("accounts", {
  id: text("id").primaryKey(),
  /** Always stored lower-cased. */
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  /** `scrypt$N$r$p$salt$hash` (base64url salt and hash). */
  passwordHash: text("password_hash").notNull(),
  roles: text("roles", { mode: "json" }).$type<Role[]>().notNull(),
  version: integer("version").notNull(),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
  /**
   * Sessions issued before this instant (ms) are revoked, here and in catalog and music (who learn
   * it from `store.customer.upserted`): moved by a password change, "sign out everywhere", a
   * demotion and the deletion. Null: never moved.
   */
  sessionsValidAfter: integer("sessions_valid_after"),
  /** When the account was deleted (ms): the row stays as a tombstone without personal data. */
  deletedAt: integer("deleted_at"),
});

export const offerSources = ["catalog", "music"] as const;
export type OfferSource = (typeof offerSources)[number];

/**
 * Copies of what the other systems sell. One row per (source, itemId); a removed item keeps its
 * row as a tombstone with its version, so an older upsert delivered late cannot resurrect it.
 */
export const offers = sqliteTable(
  "offers",
  {
    source: text("source", { enum: offerSources }).notNull(),
    itemId: text("item_id").notNull(),
    title: text("title").notNull(),
    description: text("description"),
    /** Album artist (music); null for catalog products. */
    artist: text("artist"),
    sku: text("sku"),
    trackCount: integer("track_count"),
    priceCents: integer("price_cents").notNull(),
    currency: text("currency").notNull(),
    category: text("category").notNull(),
    /** Image URL as published by the owner (absolute, or a path on the owner's origin). */
    image: text("image").notNull(),
    /** Units in stock (catalog); null for music, which has no stock. */
    stock: integer("stock"),
    available: integer("available", { mode: "boolean" }).notNull(),
    removed: integer("removed", { mode: "boolean" }).notNull().default(false),
    /** The owner's aggregate version of the state held here. */
    version: integer("version").notNull(),
    /** When the owner changed it (event time, ms). */
    changedAt: integer("changed_at").notNull(),
    /** When store applied it (ms). */
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.source, t.itemId] }), index("offers_listing").on(t.removed, t.updatedAt)],
);

/**
 * Shopping carts. A visitor's cart is keyed by the random id in the `scs_cart` cookie
 * (customerId null); a customer's cart by their account (one per customer). At sign-in the
 * visitor's cart is merged into the customer's and deleted.
 */
export const carts = sqliteTable("carts", {
  id: text("id").primaryKey(),
  customerId: text("customer_id")
    .unique()
    .references(() => accounts.id),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** What is in a cart: an item of an offer and how many; prices are always the offer's current one. */
export const cartItems = sqliteTable(
  "cart_items",
  {
    cartId: text("cart_id")
      .notNull()
      .references(() => carts.id, { onDelete: "cascade" }),
    source: text("source", { enum: offerSources }).notNull(),
    itemId: text("item_id").notNull(),
    quantity: integer("quantity").notNull(),
    addedAt: integer("added_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.cartId, t.source, t.itemId] })],
);

export const orderStatuses = ["pending", "confirmed", "rejected"] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/**
 * Orders (owned by store): a saga. Placed as `pending` (or `confirmed` at once when it has no
 * catalog lines), then confirmed or rejected when catalog answers for its stock, or rejected by
 * store itself when catalog has not answered by the pending deadline (`ORDER_PENDING_TIMEOUT_S`).
 */
export const orders = sqliteTable(
  "orders",
  {
    id: text("id").primaryKey(),
    customerId: text("customer_id")
      .notNull()
      .references(() => accounts.id),
    status: text("status", { enum: orderStatuses }).notNull(),
    /** Why the order was rejected (catalog's reason, or the deadline's), shown to the customer. */
    reason: text("reason"),
    totalCents: integer("total_cents").notNull(),
    currency: text("currency").notNull(),
    placedAt: integer("placed_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("orders_by_customer").on(t.customerId, t.placedAt),
    // The pending deadline's sweep reads only the few pending orders, oldest first.
    index("orders_pending_by_placed").on(t.placedAt).where(sql`${t.status} = 'pending'`),
  ],
);

/** An order's lines with the price and title as they were when the order was placed. */
export const orderLines = sqliteTable(
  "order_lines",
  {
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    source: text("source", { enum: offerSources }).notNull(),
    itemId: text("item_id").notNull(),
    title: text("title").notNull(),
    /** Album artist or product category at the time, for the receipt. */
    subtitle: text("subtitle"),
    image: text("image").notNull(),
    quantity: integer("quantity").notNull(),
    unitPriceCents: integer("unit_price_cents").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.position] })],
);

export type Account = typeof accounts.$inferSelect;
export type Offer = typeof offers.$inferSelect;
export type NewOffer = typeof offers.$inferInsert;
/** An offer's whole state, every column given (null where it has none), as a replica writes it. */
export type OfferState = { [C in keyof NewOffer]-?: Exclude<NewOffer[C], undefined> };
export type Cart = typeof carts.$inferSelect;
export type CartItem = typeof cartItems.$inferSelect;
export type Order = typeof orders.$inferSelect;
export type OrderLine = typeof orderLines.$inferSelect;
