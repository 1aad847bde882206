/**
 * The tables of the fault tests' model systems: owners (catalog, music) keep `items`; the replica
 * (store) keeps `copies`, plus an `effects` log with one row per handler execution, so that a
 * duplicated effect (an event applied twice) shows as two rows for one event id.
 */
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const items = sqliteTable("items", {
  id: text("id").primaryKey(),
  version: integer("version").notNull(),
});

export const copies = sqliteTable("copies", {
  source: text("source").notNull(),
  id: text("id").notNull(),
  version: integer("version").notNull(),
  pk: text("pk").primaryKey(),
});

export const effects = sqliteTable("effects", {
  seq: integer("seq").primaryKey({ autoIncrement: true }),
  eventId: text("event_id").notNull(),
  pk: text("pk").notNull(),
  version: integer("version").notNull(),
});

export const modelTables = { items, copies, effects };
