import type { CloudEvent } from "@scs/contracts/envelope";
import { asc } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { type CatalogDb, openDb } from "@/db/client";
import { outbox } from "@/db/schema";
import { createProduct, deleteProduct } from "@/domain/products";
import { onResyncRequested } from "./on-resync-requested";

const request = (from: ("catalog" | "music")[]): CloudEvent<"store.resync.requested"> => ({
  specversion: "1.0",
  id: "0190c8a2-7b7e-7cc0-8000-000000000001",
  source: "/store",
  type: "store.resync.requested",
  subject: "store",
  time: new Date().toISOString(),
  data: { from },
});

const types = (db: CatalogDb) =>
  db
    .select()
    .from(outbox)
    .orderBy(asc(outbox.seq))
    .all()
    .map((r) => {
      const e = JSON.parse(r.body) as { type: string; aggregateversion: number };
      return `${e.type}@${e.aggregateversion}`;
    });

let db: CatalogDb;
beforeEach(() => {
  db = openDb(":memory:");
  const mug = createProduct(db, {
    sku: "A",
    title: "Mug",
    priceCents: 100,
    category: "home-kitchen",
    stock: 1,
  });
  createProduct(db, { sku: "B", title: "Book", priceCents: 100, category: "books", stock: 1 });
  deleteProduct(db, mug.id);
});

describe("onResyncRequested", () => {
  it("re-publishes every product at its current version when asked for catalog", () => {
    const before = types(db).length;
    db.transaction((tx) => onResyncRequested(request(["catalog", "music"]), tx));
    expect(types(db).slice(before).sort()).toEqual([
      "catalog.product.removed@2",
      "catalog.product.upserted@1",
    ]);
  });

  it("ignores requests meant for other owners", () => {
    const before = types(db).length;
    db.transaction((tx) => onResyncRequested(request(["music"]), tx));
    expect(types(db)).toHaveLength(before);
  });
});
