/** Reading and writing the offers table (store's copies of catalog products and music albums). */

import { preparedOnce } from "@scs/messaging/db";
import { and, asc, count, desc, eq, gte, lt, lte, or, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Conn, StoreTx as Tx } from "../client";
import {
  type NewOffer,
  type Offer,
  type OfferSource,
  type OfferState,
  offerSources,
  offers,
} from "../schema";

const offerColumns = [
  "source",
  "itemId",
  "title",
  "description",
  "artist",
  "sku",
  "trackCount",
  "priceCents",
  "currency",
  "category",
  "image",
  "stock",
  "available",
  "removed",
  "version",
  "changedAt",
  "updatedAt",
] as const satisfies readonly (keyof NewOffer)[];

/** The upsert of an offer's state, newer versions only; prepared once (it runs for every event). */
function prepareUpsertOffer(conn: Conn) {
  const values = Object.fromEntries(offerColumns.map((c) => [c, sql.placeholder(c)]));
  const set = Object.fromEntries(
    offerColumns
      .filter((c) => c !== "source" && c !== "itemId")
      .map((c) => [c, sql`excluded.${sql.identifier(offers[c].name)}`]),
  );
  return conn
    .insert(offers)
    .values(values as unknown as NewOffer)
    .onConflictDoUpdate({
      target: [offers.source, offers.itemId],
      set,
      setWhere: lt(offers.version, sql`excluded.version`),
    })
    .prepare();
}

/**
 * Writes the state of an offer if it is newer than the one held (or there is none).
 * Returns false when the stored version is the same or newer: the event is stale.
 */
export function applyOfferState(tx: Tx, offer: OfferState): boolean {
  // Every column is given, so the offer is bound as it is rather than copied into another object:
  // this runs for every event a replica applies.
  return preparedOnce(tx, prepareUpsertOffer).run(offer).changes > 0;
}

/**
 * Marks an offer removed, keeping its row (and last known details) as a tombstone with the
 * removal's version. An item never seen before gets a bare tombstone, so that an older upsert
 * delivered after the removal cannot bring it back.
 */
export function applyOfferRemoval(
  tx: Tx,
  removal: { source: OfferSource; itemId: string; version: number; changedAt: number; updatedAt: number },
): boolean {
  const tombstone = {
    removed: true,
    available: false,
    version: removal.version,
    changedAt: removal.changedAt,
    updatedAt: removal.updatedAt,
  };
  const result = tx
    .insert(offers)
    .values({
      source: removal.source,
      itemId: removal.itemId,
      title: "",
      priceCents: 0,
      currency: "EUR",
      category: "",
      image: "",
      stock: null,
      ...tombstone,
    })
    .onConflictDoUpdate({
      target: [offers.source, offers.itemId],
      set: tombstone,
      setWhere: lt(offers.version, removal.version),
    })
    .run();
  return result.changes > 0;
}

export function findOffer(db: Conn, source: OfferSource, itemId: string): Offer | undefined {
  return db
    .select()
    .from(offers)
    .where(and(eq(offers.source, source), eq(offers.itemId, itemId)))
    .get();
}

export const offerSorts = ["newest", "price-asc", "price-desc", "title"] as const;
export type OfferSort = (typeof offerSorts)[number];

export interface OfferFilter {
  source?: OfferSource;
  /** Matched against title, artist, category and description, case-insensitively. */
  q?: string;
  /** Exact category (case-insensitive). */
  category?: string;
  /** Price range in cents, both ends included. */
  minCents?: number;
  maxCents?: number;
  /** Only offers that can be ordered now. */
  availableOnly?: boolean;
  limit: number;
  offset?: number;
  sort?: OfferSort;
}

type Where = Omit<OfferFilter, "limit" | "offset" | "sort">;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function whereListed({ source, q, category, minCents, maxCents, availableOnly }: Where): SQL | undefined {
  const conditions: (SQL | undefined)[] = [eq(offers.removed, false)];
  if (source) conditions.push(eq(offers.source, source));
  if (category) conditions.push(sql`${offers.category} = ${category} collate nocase`);
  if (minCents !== undefined) conditions.push(gte(offers.priceCents, minCents));
  if (maxCents !== undefined) conditions.push(lte(offers.priceCents, maxCents));
  if (availableOnly) conditions.push(eq(offers.available, true));
  const text = q?.trim();
  if (text) {
    const pattern = `%${escapeLike(text)}%`;
    // Raw SQL rather than drizzle's `like`, which has no ESCAPE clause.
    const match = (column: SQL | SQLiteColumn) => sql`${column} like ${pattern} escape '\\'`;
    conditions.push(
      or(
        match(offers.title),
        match(sql`coalesce(${offers.artist}, '')`),
        match(offers.category),
        match(sql`coalesce(${offers.description}, '')`),
      ),
    );
  }
  return and(...conditions);
}

const orderOf: Record<OfferSort, SQL[]> = {
  newest: [desc(offers.changedAt), asc(offers.title)],
  "price-asc": [asc(offers.priceCents), asc(offers.title)],
  "price-desc": [desc(offers.priceCents), asc(offers.title)],
  title: [sql`${offers.title} collate nocase`, asc(offers.source), asc(offers.itemId)],
};

/** Offers on sale (not removed), filtered and sorted. */
export function listOffers(db: Conn, filter: OfferFilter): Offer[] {
  return db
    .select()
    .from(offers)
    .where(whereListed(filter))
    .orderBy(...orderOf[filter.sort ?? "title"])
    .limit(filter.limit)
    .offset(filter.offset ?? 0)
    .all();
}

export function countListedOffers(db: Conn, filter: Where): number {
  return db.select({ n: count() }).from(offers).where(whereListed(filter)).get()?.n ?? 0;
}

/** Rows held per source, tombstones included: zero means store never heard from that source. */
export function countOffersBySource(db: Conn): Record<OfferSource, number> {
  const rows = db.select({ source: offers.source, n: count() }).from(offers).groupBy(offers.source).all();
  const counts = Object.fromEntries(offerSources.map((s) => [s, 0])) as Record<OfferSource, number>;
  for (const row of rows) counts[row.source] = row.n;
  return counts;
}

/** Categories of the offers on sale (from one source, or all), most stocked first. */
export function listCategories(
  db: Conn,
  source: OfferSource | undefined,
  limit = 12,
): { category: string; n: number }[] {
  return db
    .select({ category: offers.category, n: count() })
    .from(offers)
    .where(and(eq(offers.removed, false), source ? eq(offers.source, source) : undefined))
    .groupBy(offers.category)
    .orderBy(desc(count()), asc(offers.category))
    .limit(limit)
    .all();
}

/** When store last applied a change to any offer (ms), or null when it holds none. */
export function lastOfferUpdate(db: Conn): number | null {
  return (
    db
      .select({ at: sql<number | null>`max(${offers.updatedAt})` })
      .from(offers)
      .get()?.at ?? null
  );
}
