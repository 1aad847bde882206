import { parseEvent } from "@scs/contracts/envelope";
import { asc } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { type CatalogDb, openDatabase } from "@/db/client";
import { findProduct, searchProducts } from "@/db/queries/products";
import { outbox } from "@/db/schema";
import { ProductError } from "./errors";
import {
  createProduct,
  createProductSchema,
  deleteProduct,
  newProductId,
  republishProducts,
  updateProduct,
  updateProductSchema,
} from "./products";

const mug = {
  sku: "hk-mug-01",
  title: "Stoneware Mug",
  description: "Hand-glazed, 350 ml.",
  priceCents: 1800,
  category: "home-kitchen",
  stock: 12,
};

let db: CatalogDb;
beforeEach(() => {
  db = openDatabase(":memory:");
});

/** The outbox as consumers will receive it: parsed and checked against the contracts. */
function published() {
  return db
    .select()
    .from(outbox)
    .orderBy(asc(outbox.seq))
    .all()
    .map((row) => {
      const parsed = parseEvent(JSON.parse(row.body));
      if (!parsed.ok) throw new Error(parsed.reason);
      return parsed.event;
    });
}

function failure(fn: () => unknown): ProductError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProductError) return error;
    throw error;
  }
  throw new Error("expected a ProductError");
}

describe("createProductSchema", () => {
  it("accepts a product and normalises it", () => {
    const parsed = createProductSchema.parse({ ...mug, title: "  Stoneware Mug ", description: undefined });
    expect(parsed).toMatchObject({ sku: "HK-MUG-01", title: "Stoneware Mug", description: "" });
  });

  it.each([
    ["sku", { sku: "" }],
    ["sku", { sku: "has space" }],
    ["title", { title: "   " }],
    ["title", { title: "x".repeat(201) }],
    ["priceCents", { priceCents: -1 }],
    ["priceCents", { priceCents: 12.5 }],
    ["priceCents", { priceCents: "1800" }],
    ["category", { category: "gardening" }],
    ["stock", { stock: -3 }],
    ["stock", { stock: 1.5 }],
    ["currency", { currency: "USD" }],
  ])("rejects a bad %s", (field, change) => {
    const result = createProductSchema.safeParse({ ...mug, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toContain(field);
  });

  it("stores line breaks in one form, whatever the browser sent", () => {
    expect(createProductSchema.parse({ ...mug, description: "One.\r\n\r\nTwo.\rThree." }).description).toBe(
      "One.\n\nTwo.\nThree.",
    );
  });

  it("says once that a required field is missing", () => {
    const result = createProductSchema.safeParse({ ...mug, sku: " " });
    expect(result.error?.issues.map((i) => i.message)).toEqual(["SKU is required"]);
  });

  it("rejects unknown fields instead of silently ignoring them", () => {
    expect(createProductSchema.safeParse({ ...mug, price: 18 }).success).toBe(false);
  });
});

describe("updateProductSchema", () => {
  it("accepts any subset of fields", () => {
    expect(updateProductSchema.parse({ stock: 0 })).toEqual({ stock: 0 });
  });
  it("rejects an empty change", () => {
    expect(updateProductSchema.safeParse({}).success).toBe(false);
  });
});

describe("newProductId", () => {
  it("is readable and URL-safe", () => {
    expect(newProductId("Crème Brûlée Set & Torch")).toMatch(/^creme-brulee-set-and-torch-[a-z0-9]{5}$/);
    expect(newProductId("???")).toMatch(/^product-[a-z0-9]{5}$/);
  });
});

describe("createProduct", () => {
  it("stores version 1 and records the full state in the outbox, in the same transaction", () => {
    const product = createProduct(db, mug);
    expect(product).toMatchObject({ sku: "HK-MUG-01", version: 1, currency: "EUR", stock: 12 });
    expect(product.image).toBe(`http://catalog.test/images/products/${product.id}.svg`);
    const [event, ...rest] = published();
    expect(rest).toHaveLength(0);
    expect(event).toMatchObject({
      type: "catalog.product.upserted",
      source: "/catalog",
      subject: product.id,
      aggregateversion: 1,
      data: {
        id: product.id,
        sku: "HK-MUG-01",
        title: "Stoneware Mug",
        description: "Hand-glazed, 350 ml.",
        priceCents: 1800,
        currency: "EUR",
        category: "home-kitchen",
        stock: 12,
        image: product.image,
      },
    });
  });

  it("refuses a SKU that a live product holds (any case), writing nothing", () => {
    createProduct(db, mug);
    const error = failure(() => createProduct(db, { ...mug, sku: "HK-mug-01", title: "Other" }));
    expect(error.kind).toBe("conflict");
    expect(error.issues[0]?.path).toBe("sku");
    expect(published()).toHaveLength(1);
  });

  it("frees the SKU of a removed product", () => {
    const first = createProduct(db, mug);
    deleteProduct(db, first.id);
    expect(createProduct(db, mug).sku).toBe("HK-MUG-01");
  });

  it("rejects invalid input with per-field issues and writes nothing", () => {
    const error = failure(() => createProduct(db, { ...mug, priceCents: -5, title: "" }));
    expect(error.kind).toBe("invalid");
    expect(error.issues.map((i) => i.path).sort()).toEqual(["priceCents", "title"]);
    expect(published()).toHaveLength(0);
  });
});

describe("updateProduct", () => {
  it("bumps the version and records the new full state", () => {
    const { id } = createProduct(db, mug);
    const updated = updateProduct(db, id, { priceCents: 1500, stock: 0 });
    expect(updated).toMatchObject({ version: 2, priceCents: 1500, stock: 0, title: "Stoneware Mug" });
    const last = published().at(-1);
    expect(last).toMatchObject({
      aggregateversion: 2,
      data: { priceCents: 1500, stock: 0, sku: "HK-MUG-01" },
    });
  });

  it("sets exactly the fields of each edit, whichever were set before on the connection", () => {
    // Each set of columns has its own statement, prepared once per connection (db/queries/products.ts).
    const { id } = createProduct(db, mug);
    updateProduct(db, id, { priceCents: 1500 });
    updateProduct(db, id, { title: "Porcelain Cup", stock: 4 });
    updateProduct(db, id, { priceCents: 1600 });
    expect(findProduct(db, id)).toMatchObject({
      priceCents: 1600,
      title: "Porcelain Cup",
      stock: 4,
      description: "Hand-glazed, 350 ml.",
      version: 4,
    });
    // A new title reaches the search index (its trigger fires on the title's column).
    const found = (q: string) => searchProducts(db, { q, page: 1, pageSize: 10 }).rows.map((r) => r.id);
    expect(found("porcelain")).toEqual([id]);
    expect(found("stoneware")).toEqual([]);
  });

  it("treats a change to the same values as no change", () => {
    const { id } = createProduct(db, mug);
    expect(updateProduct(db, id, { priceCents: 1800, title: "Stoneware Mug" }).version).toBe(1);
    expect(published()).toHaveLength(1);
  });

  it("lets a product keep its own SKU but not take another's", () => {
    const a = createProduct(db, mug);
    createProduct(db, { ...mug, sku: "HK-MUG-02" });
    expect(updateProduct(db, a.id, { sku: "hk-mug-01", stock: 3 }).version).toBe(2);
    expect(failure(() => updateProduct(db, a.id, { sku: "HK-MUG-02" })).kind).toBe("conflict");
  });

  it("does not find a removed product", () => {
    const { id } = createProduct(db, mug);
    deleteProduct(db, id);
    expect(failure(() => updateProduct(db, id, { stock: 1 })).kind).toBe("not_found");
  });
});

describe("deleteProduct", () => {
  it("keeps a tombstone with a higher version and records catalog.product.removed", () => {
    const { id } = createProduct(db, mug);
    updateProduct(db, id, { stock: 5 });
    deleteProduct(db, id);
    expect(findProduct(db, id)).toBeUndefined();
    expect(findProduct(db, id, { includeRemoved: true })).toMatchObject({ version: 3 });
    expect(published().at(-1)).toMatchObject({
      type: "catalog.product.removed",
      subject: id,
      aggregateversion: 3,
      data: { id },
    });
  });

  it("is not found the second time", () => {
    const { id } = createProduct(db, mug);
    deleteProduct(db, id);
    expect(failure(() => deleteProduct(db, id)).kind).toBe("not_found");
  });
});

describe("republishProducts", () => {
  it("re-records a page of products with their current versions, tombstones included, in id order", () => {
    const a = createProduct(db, mug);
    const b = createProduct(db, { ...mug, sku: "HK-MUG-02" });
    updateProduct(db, a.id, { stock: 1 });
    deleteProduct(db, b.id);
    const before = published().length;
    const all = { after: null, through: null, limit: 500 };
    const ids = db.transaction((tx) => republishProducts(tx, all));
    expect(ids).toEqual([a.id, b.id].sort());
    const again = published().slice(before);
    const bySubject = (x: unknown[], y: unknown[]) => String(x[1]).localeCompare(String(y[1]));
    expect(again.map((e) => [e.type, e.subject, e.aggregateversion]).sort(bySubject)).toEqual(
      [
        ["catalog.product.upserted", a.id, 2],
        ["catalog.product.removed", b.id, 2],
      ].sort(bySubject),
    );
  });

  it("keeps to the page's bounds", () => {
    const ids = ["A", "B", "C", "D"].map((s) => createProduct(db, { ...mug, sku: `HK-${s}` }).id).sort();
    const page = (after: string | null, through: string | null, limit: number) =>
      db.transaction((tx) => republishProducts(tx, { after, through, limit }));
    expect(page(null, null, 2)).toEqual(ids.slice(0, 2));
    expect(page(ids[1] ?? null, null, 500)).toEqual(ids.slice(2));
    expect(page(null, ids[2] ?? null, 500)).toEqual(ids.slice(0, 3));
    expect(page(ids[0] ?? null, ids[2] ?? null, 500)).toEqual(ids.slice(1, 3));
  });
});
