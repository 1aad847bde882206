import { beforeEach, describe, expect, it } from "vitest";
import { type CatalogDb, openDatabase } from "@/db/client";
import { createProduct, deleteProduct, updateProduct } from "@/domain/products";
import { ftsQuery, priceRange, searchProducts } from "./products";

let db: CatalogDb;
const base = { category: "home-kitchen", stock: 5, description: "" };

beforeEach(() => {
  db = openDatabase(":memory:");
  let now = 1_000;
  const add = (p: Record<string, unknown>) => createProduct(db, { ...base, ...p }, { now: now++ });
  add({ sku: "HK-MUG-350", title: "Stoneware Mug, Speckled Oat", priceCents: 1800, description: "A mug." });
  add({
    sku: "HK-KETTLE",
    title: "Enamel Tea Kettle",
    priceCents: 5400,
    description: "Whistles; pairs with a mug.",
  });
  add({ sku: "BK-CREME", title: "Crème Brûlée at Home", priceCents: 2400, category: "books", stock: 0 });
  add({
    sku: "OD-TENT-2",
    title: "Two-Person Tent",
    priceCents: 32000,
    category: "outdoor",
    description: "Sleeps two.",
  });
});

const titles = (filter: Parameters<typeof searchProducts>[1]) =>
  searchProducts(db, filter).rows.map((r) => r.title);
const page = { page: 1, pageSize: 20 } as const;

describe("ftsQuery", () => {
  it("quotes every word as a prefix, so FTS syntax in the input is only text", () => {
    expect(ftsQuery('mug AND "oat" NEAR(x) *')).toBe('"mug"* "and"* "oat"* "near"* "x"*');
    expect(ftsQuery("  ")).toBeNull();
    expect(ftsQuery(undefined)).toBeNull();
    expect(ftsQuery("!!! ---")).toBe("");
  });
  it("uses at most eight words", () => {
    expect(ftsQuery("a b c d e f g h i j")?.split(" ")).toHaveLength(8);
  });
});

describe("searchProducts full-text", () => {
  it("finds words by prefix in the title, SKU and description, all words required", () => {
    expect(titles({ ...page, q: "stone" })).toEqual(["Stoneware Mug, Speckled Oat"]);
    expect(titles({ ...page, q: "mug", sort: "title" })).toEqual([
      "Enamel Tea Kettle",
      "Stoneware Mug, Speckled Oat",
    ]);
    expect(titles({ ...page, q: "mug kettle" })).toEqual(["Enamel Tea Kettle"]);
    expect(titles({ ...page, q: "hk-mug-350" })).toEqual(["Stoneware Mug, Speckled Oat"]);
    expect(titles({ ...page, q: "sleeps" })).toEqual(["Two-Person Tent"]);
  });

  it("ignores case and accents", () => {
    expect(titles({ ...page, q: "CREME brulee" })).toEqual(["Crème Brûlée at Home"]);
  });

  it("ranks a title match above a description match", () => {
    expect(titles({ ...page, q: "mug", sort: "relevance" })).toEqual([
      "Stoneware Mug, Speckled Oat",
      "Enamel Tea Kettle",
    ]);
  });

  it("finds nothing for input without a single word", () => {
    expect(searchProducts(db, { ...page, q: "***" })).toEqual({ rows: [], total: 0 });
  });

  it("stays in step with edits and removals, in the same transaction", () => {
    const [tent] = searchProducts(db, { ...page, q: "person" }).rows;
    if (!tent) throw new Error("no tent");
    updateProduct(db, tent.id, { title: "Ridge Shelter" });
    expect(titles({ ...page, q: "person" })).toEqual([]);
    expect(titles({ ...page, q: "ridge" })).toEqual(["Ridge Shelter"]);
    deleteProduct(db, tent.id);
    expect(titles({ ...page, q: "ridge" })).toEqual([]);
  });
});

describe("searchProducts filters and sorts", () => {
  it("filters by price range, department and stock", () => {
    expect(titles({ ...page, minPriceCents: 2000, maxPriceCents: 6000, sort: "price-asc" })).toEqual([
      "Crème Brûlée at Home",
      "Enamel Tea Kettle",
    ]);
    expect(titles({ ...page, minPriceCents: 2000, maxPriceCents: 6000, inStockOnly: true })).toEqual([
      "Enamel Tea Kettle",
    ]);
    expect(titles({ ...page, category: "books" })).toEqual(["Crème Brûlée at Home"]);
  });

  it("sorts by price, title and newest, and pages with a total", () => {
    expect(titles({ ...page, sort: "price-desc" })[0]).toBe("Two-Person Tent");
    expect(titles({ ...page, sort: "newest" })[0]).toBe("Two-Person Tent");
    expect(titles({ ...page, sort: "title" })[0]).toBe("Crème Brûlée at Home");
    const second = searchProducts(db, { page: 2, pageSize: 3, sort: "price-asc" });
    expect(second.total).toBe(4);
    expect(second.rows.map((r) => r.title)).toEqual(["Two-Person Tent"]);
  });

  it("knows the price range of what is on sale", () => {
    expect(priceRange(db)).toEqual({ min: 1800, max: 32000 });
  });
});
