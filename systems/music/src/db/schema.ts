/**
 * music's own database. Owned aggregates: artists and albums (tracks belong to their album).
 * Copied from store: customers. Every aggregate carries an integer `version`.
 */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

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

/** Copy of store's customers (`store.customer.upserted`), applied only when newer. */
export const customers = sqliteTable("customers", {
  id: text("id").primaryKey(),
  email: text("email").notNull(),
  name: text("name").notNull(),
  version: integer("version").notNull(),
  updatedAt: integer("updated_at").notNull(),
});
