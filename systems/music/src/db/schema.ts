/**
 * music's own database. Owned aggregates: artists and albums (tracks belong to their album).
 * Copied from store: customers. Every aggregate carries an integer `version`. Derived from store's
 * confirmed orders: the customers' libraries (`library_grants`).
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export { resyncJobs } from "@scs/messaging/resync-tables";
export { deadLetters, inbox, outbox, replicationStatus } from "@scs/messaging/tables";

export const artists = sqliteTable(
  "artists",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    bio: text("bio").notNull().default(""),
    version: integer("version").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  // Artists are found by name when an album is created: one artist per name, whatever its case.
  (t) => [uniqueIndex("artists_name_nocase").on(sql`${t.name} collate nocase`)],
);

export const albums = sqliteTable(
  "albums",
  {
    id: text("id").primaryKey(),
    artistId: text("artist_id")
      .notNull()
      .references(() => artists.id),
    title: text("title").notNull(),
    year: integer("year").notNull(),
    genre: text("genre").notNull(),
    priceCents: integer("price_cents").notNull(),
    currency: text("currency", { enum: ["EUR"] })
      .notNull()
      .default("EUR"),
    published: integer("published", { mode: "boolean" }).notNull(),
    /** Incremented on every change, removal included: the `aggregateversion` of its events. */
    version: integer("version").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    /** A deleted album stays as a tombstone so that a resync can re-announce its removal. */
    deletedAt: integer("deleted_at"),
  },
  (t) => [index("albums_artist").on(t.artistId), index("albums_created").on(t.createdAt)],
);

export const tracks = sqliteTable(
  "tracks",
  {
    id: text("id").primaryKey(),
    albumId: text("album_id")
      .notNull()
      .references(() => albums.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    durationSeconds: integer("duration_seconds").notNull(),
  },
  (t) => [uniqueIndex("tracks_album_position").on(t.albumId, t.position)],
);

/**
 * Copy of store's customers (`store.customer.upserted`), applied only when newer. Sessions are
 * checked against it without calling store: one issued before `sessionsValidAfter` (ms) is refused,
 * and a session never has more roles than `roles` (null: the event did not say).
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

/**
 * "My library": an album a customer owns, granted by a confirmed store order
 * (`store.order.confirmed`). One row per customer and album, however often it was bought, so
 * a replayed or re-published confirmation grants nothing twice. Kept when the album is later
 * unpublished or deleted: bought once, kept forever.
 */
export const libraryGrants = sqliteTable(
  "library_grants",
  {
    /** store's customer id (the session's `sub`). */
    customerId: text("customer_id").notNull(),
    albumId: text("album_id")
      .notNull()
      .references(() => albums.id),
    /** The first confirmed order that granted it. */
    orderId: text("order_id").notNull(),
    grantedAt: integer("granted_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.albumId] })],
);
