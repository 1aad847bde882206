/**
 * store's own tables. Owned: accounts. Copied: offers (catalog's products and music's albums,
 * applied from their events). Messaging tables come from @scs/messaging so that drizzle-kit
 * generates them into store's migrations.
 */
import type { Role } from "@scs/web/session";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

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

export type Account = typeof accounts.$inferSelect;
export type Offer = typeof offers.$inferSelect;
export type NewOffer = typeof offers.$inferInsert;
