import type { CloudEvent } from "@scs/contracts/envelope";
import { type ResyncRunner, resyncJob } from "@scs/messaging/resync-jobs";
import { eventually } from "@scs/testing";
import { asc } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CatalogDb, openDatabase } from "@/db/client";
import { outbox, products } from "@/db/schema";
import {
  createProduct,
  createProductSchema,
  deleteProduct,
  insertNewProduct,
  updateProduct,
} from "@/domain/products";
import { PRODUCTS_RESYNC, startRepublishing } from "../republish";
import { onResyncRequested } from "./on-resync-requested";

let counter = 0;
const request = (from: ("catalog" | "music")[]): CloudEvent<"store.resync.requested"> => ({
  specversion: "1.0",
  id: `0190c8a2-7b7e-7cc0-8000-${String(++counter).padStart(12, "0")}`,
  source: "/store",
  type: "store.resync.requested",
  subject: "store",
  time: new Date().toISOString(),
  data: { from },
});

/** What catalog recorded for consumers, in order: type, product id and version. */
const recorded = (db: CatalogDb) =>
  db
    .select()
    .from(outbox)
    .orderBy(asc(outbox.seq))
    .all()
    .map((r) => {
      const e = JSON.parse(r.body) as { type: string; subject: string; aggregateversion: number };
      return { type: e.type, id: e.subject, version: e.aggregateversion };
    });

let db: CatalogDb;
let runner: ResyncRunner | undefined;
beforeEach(() => {
  db = openDatabase(":memory:");
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
afterEach(async () => {
  await runner?.stop();
  runner = undefined;
});

describe("onResyncRequested", () => {
  it("records a resync job in the consumer's transaction and re-publishes nothing in it", () => {
    const before = recorded(db).length;
    db.transaction((tx) => onResyncRequested(request(["catalog", "music"]), tx));
    expect(recorded(db)).toHaveLength(before);
    expect(resyncJob(db, PRODUCTS_RESYNC)).toMatchObject({ cursor: null, requests: 1, finishedAt: null });
  });

  it("ignores requests meant for other owners", () => {
    const before = recorded(db).length;
    db.transaction((tx) => onResyncRequested(request(["music"]), tx));
    expect(recorded(db)).toHaveLength(before);
    expect(resyncJob(db, PRODUCTS_RESYNC)).toBeUndefined();
  });

  it("merges a second request into the job that has not finished: one job, one pass", () => {
    db.transaction((tx) => onResyncRequested(request(["catalog"]), tx));
    db.transaction((tx) => onResyncRequested(request(["catalog", "music"]), tx));
    expect(resyncJob(db, PRODUCTS_RESYNC)).toMatchObject({ requests: 2, finishedAt: null });
  });
});

describe("re-publishing after a request", () => {
  it("re-publishes every product once with its current version, 100 per transaction, after the handler", async () => {
    db.transaction((tx) => {
      for (let i = 0; i < 1_200; i++)
        insertNewProduct(
          tx,
          createProductSchema.parse({
            sku: `SKU-${i}`,
            title: `Product ${i}`,
            priceCents: 100 + i,
            category: "books",
            stock: i % 3,
          }),
        );
    });
    const some = db
      .select()
      .from(products)
      .all()
      .filter((p) => p.deletedAt === null)
      .slice(0, 10);
    for (const product of some.slice(0, 5)) updateProduct(db, product.id, { priceCents: 4_242 });
    for (const product of some.slice(5)) deleteProduct(db, product.id);
    const current = new Map(
      db
        .select()
        .from(products)
        .all()
        .map((p) => [p.id, { type: p.deletedAt === null ? "upserted" : "removed", version: p.version }]),
    );
    const before = recorded(db).length;
    const pages: number[] = [];
    runner = startRepublishing(db, { log: () => {}, onPage: (_name, ids) => pages.push(ids.length) });

    db.transaction((tx) => onResyncRequested(request(["catalog"]), tx));
    expect(recorded(db)).toHaveLength(before);
    await eventually(() => resyncJob(db, PRODUCTS_RESYNC)?.finishedAt, 30_000, "the resync finished");

    const again = recorded(db).slice(before);
    expect(again).toHaveLength(current.size);
    expect(new Set(again.map((e) => e.id)).size).toBe(current.size);
    for (const event of again) {
      expect({ type: event.type.replace("catalog.product.", ""), version: event.version }).toEqual(
        current.get(event.id),
      );
    }
    expect(pages).toEqual([...Array(12).fill(100), 2]);
    expect(resyncJob(db, PRODUCTS_RESYNC)).toMatchObject({ republished: 1_202, requests: 1 });
  });
});
