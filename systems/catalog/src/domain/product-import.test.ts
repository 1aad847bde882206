import { asc } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { type CatalogDb, openDatabase } from "@/db/client";
import { findProductBySku } from "@/db/queries/products";
import { listStockMovements } from "@/db/queries/stock";
import { outbox } from "@/db/schema";
import { IMPORT_TEMPLATE, importProductsCsv, MAX_IMPORT_ROWS } from "./product-import";
import { createProduct } from "./products";

let db: CatalogDb;
beforeEach(() => {
  db = openDatabase(":memory:");
});

const run = (csv: string) => {
  const result = importProductsCsv(db, csv, { actor: "ada@example.com" });
  if (!result.ok) throw new Error(result.message);
  return result.report;
};
const outboxCount = () => db.select().from(outbox).orderBy(asc(outbox.seq)).all().length;

describe("importProductsCsv", () => {
  it("imports the valid rows and reports each bad one with the column and the reason", () => {
    const report = run(
      [
        "sku,title,description,price,category,stock",
        "IMP-1,Linen Napkins,Set of four.,24.50,home-kitchen,10",
        "IMP-2,,No title,5,books,1",
        "IMP-3,Bad Price,,twelve,books,1",
        "IMP-4,Bad Category,,5,gardening,1",
        "IMP-5,Bad Stock,,5,books,-2",
        "IMP-6,Walnut Pencil Box,,12,Stationery,3",
        "imp-1,Duplicate,,1,books,1",
      ].join("\n"),
    );
    expect(report).toMatchObject({ created: 2, updated: 0, unchanged: 0, rejected: 5 });
    expect(
      report.rows.map((r) => [r.row, r.sku, r.outcome, r.issues.map((i) => `${i.column}: ${i.message}`)]),
    ).toEqual([
      [2, "IMP-1", "created", []],
      [3, "IMP-2", "rejected", ["title: Title is required"]],
      [4, "IMP-3", "rejected", ["price: “twelve” is not a price in euros, e.g. 24.50"]],
      [
        5,
        "IMP-4",
        "rejected",
        [
          "category: Unknown category “gardening”: use one of home-kitchen, books, outdoor, electronics, toys-games, stationery",
        ],
      ],
      [6, "IMP-5", "rejected", ["stock: Stock can't be negative"]],
      [7, "IMP-6", "created", []],
      [8, "IMP-1", "rejected", ["sku: SKU IMP-1 is already on row 2 of this file"]],
    ]);
    expect(findProductBySku(db, "IMP-1")).toMatchObject({
      title: "Linen Napkins",
      priceCents: 2450,
      stock: 10,
    });
    expect(findProductBySku(db, "IMP-6")).toMatchObject({ category: "stationery", priceCents: 1200 });
    expect(findProductBySku(db, "IMP-2")).toBeUndefined();
  });

  it("updates a product whose SKU exists, keeping its stock and description when those cells are empty", () => {
    const mug = createProduct(db, {
      sku: "HK-MUG",
      title: "Mug",
      description: "Stoneware.",
      priceCents: 1800,
      category: "home-kitchen",
      stock: 7,
    });
    const report = run(
      "sku,title,description,priceCents,category,stock\nhk-mug,Big Mug,,2000,home-kitchen,\n",
    );
    expect(report.rows[0]).toMatchObject({ outcome: "updated", productId: mug.id });
    expect(findProductBySku(db, "HK-MUG")).toMatchObject({
      title: "Big Mug",
      description: "Stoneware.",
      priceCents: 2000,
      stock: 7,
      version: 2,
    });
    // The same file again changes nothing.
    const before = outboxCount();
    expect(
      run("sku,title,description,priceCents,category,stock\nhk-mug,Big Mug,,2000,home-kitchen,\n").unchanged,
    ).toBe(1);
    expect(outboxCount()).toBe(before);
  });

  it("records imported stock in the history", () => {
    const { id } = createProduct(db, { sku: "A", title: "A", priceCents: 1, category: "books", stock: 7 });
    run("sku,title,price,category,stock\nA,A,0.01,books,3\nB,B,1,books,4");
    expect(listStockMovements(db, id, { limit: 1 }).rows[0]).toMatchObject({
      kind: "import",
      reason: "CSV import",
      delta: -4,
      stockAfter: 3,
      note: "CSV import, row 2",
      actor: "ada@example.com",
    });
  });

  it("needs a stock for a new product", () => {
    expect(run("sku,title,price,category,stock\nNEW,New,1,books,").rows[0]?.issues).toEqual([
      { column: "stock", message: "Stock is required for a new product" },
    ]);
  });

  it("accepts the header in any case and order, names columns it ignores, and reads semicolons", () => {
    const report = run("Category;Stock;Price;Title;SKU;Colour\nBooks;2;9,90;Field Notes;BK-1;green");
    expect(report.created).toBe(1);
    expect(report.ignoredColumns).toEqual(["Colour"]);
    expect(findProductBySku(db, "BK-1")).toMatchObject({ priceCents: 990, category: "books" });
  });

  it("imports the downloadable template as it is", () => {
    expect(run(IMPORT_TEMPLATE)).toMatchObject({ created: 2, rejected: 0 });
  });

  it("imports nothing from a file it can't read", () => {
    const fails = (csv: string) => {
      const result = importProductsCsv(db, csv, { actor: "a" });
      return result.ok ? "imported" : result.message;
    };
    expect(fails("")).toBe("The file is empty.");
    expect(fails("sku,title,price\nA,B,1")).toMatch(/missing: category, stock/);
    expect(fails("sku,title,price,priceCents,category,stock\n")).toMatch(/both price and priceCents/);
    expect(fails("sku,title,price,category,stock\n")).toBe("The file has a header but no product rows.");
    expect(fails('sku,title,price,category,stock\nA,"B,1,books,1')).toMatch(/never closed/);
    const many = [
      "sku,title,price,category,stock",
      ...Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `S${i},T,1,books,1`),
    ];
    expect(fails(many.join("\n"))).toMatch(/at most 2,000/);
    expect(outboxCount()).toBe(0);
  });
});
