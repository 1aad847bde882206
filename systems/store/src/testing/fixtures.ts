/** Test fixtures: a fresh in-memory store database with offers and accounts in it. */
import { randomUUID } from "node:crypto";
import { openDatabase, type StoreDb } from "@/db/database";
import { applyOfferState } from "@/db/queries/offers";
import { accounts, type NewOffer, outbox } from "@/db/schema";

export function freshDb(): StoreDb {
  return openDatabase(":memory:");
}

type OfferInput = Partial<NewOffer> & Pick<NewOffer, "source" | "itemId">;

/** Puts an offer into store's copies as if its owner had published it. */
export function putOffer(db: StoreDb, offer: OfferInput): void {
  const now = Date.now();
  db.transaction((tx) =>
    applyOfferState(tx, {
      title: `Item ${offer.itemId}`,
      description: null,
      artist: offer.source === "music" ? "The Testers" : null,
      sku: null,
      trackCount: null,
      priceCents: 1000,
      currency: "EUR",
      category: offer.source === "music" ? "Music" : "Kitchen",
      image: "",
      stock: offer.source === "music" ? null : 10,
      available: true,
      removed: false,
      changedAt: now,
      updatedAt: now,
      ...offer,
      version: offer.version ?? 1,
    }),
  );
}

/** An account row (no password hashing: tests that sign in use the real createAccount). */
export function putCustomer(db: StoreDb, name = "Test Customer"): string {
  const id = randomUUID();
  const now = Date.now();
  db.insert(accounts)
    .values({
      id,
      email: `${id}@example.com`,
      name,
      passwordHash: "scrypt$unused",
      roles: ["customer"],
      version: 1,
      createdAt: now,
      updatedAt: now,
    })
    .run();
  return id;
}

/** The events recorded in the outbox, oldest first. */
export function recorded(db: StoreDb): { type: string; subject: string; data: Record<string, unknown> }[] {
  return db
    .select()
    .from(outbox)
    .all()
    .map((row) => JSON.parse(row.body) as { type: string; subject: string; data: Record<string, unknown> });
}
