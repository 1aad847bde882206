import { describe, expect, it } from "vitest";
import { listingHref, readListingParams } from "./listing-params";

describe("readListingParams", () => {
  it("reads every filter", () => {
    expect(
      readListingParams({
        q: " mug ",
        category: "books",
        min: "10",
        max: "24,50",
        instock: "1",
        sort: "price-asc",
        page: "2",
      }),
    ).toMatchObject({
      q: "mug",
      category: { slug: "books" },
      minPriceCents: 1000,
      maxPriceCents: 2450,
      inStockOnly: true,
      sort: "price-asc",
      page: 2,
    });
  });

  it("falls back to defaults for anything malformed, and swaps a reversed price range", () => {
    expect(
      readListingParams({ category: "nope", min: "cheap", sort: "random", page: "-1", instock: ["0", "1"] }),
    ).toEqual({
      q: undefined,
      category: undefined,
      minPriceCents: undefined,
      maxPriceCents: undefined,
      inStockOnly: false,
      sort: "featured",
      page: 1,
    });
    expect(readListingParams({ min: "50", max: "10" })).toMatchObject({
      minPriceCents: 1000,
      maxPriceCents: 5000,
    });
  });

  it("orders a search by best match unless asked otherwise, and never a plain listing", () => {
    expect(readListingParams({ q: "mug" }).sort).toBe("relevance");
    expect(readListingParams({ sort: "relevance" }).sort).toBe("featured");
  });
});

describe("listingHref", () => {
  const current = readListingParams({ q: "mug", category: "books", min: "5", instock: "1", page: "3" });
  it("keeps the other filters, leaves out defaults and starts again at page 1", () => {
    expect(listingHref(current, { sort: "price-desc" })).toBe(
      "/products?q=mug&category=books&min=5&instock=1&sort=price-desc",
    );
    expect(listingHref(current, { category: null, minPriceCents: null, inStockOnly: false, q: null })).toBe(
      "/products",
    );
    expect(listingHref(current, { page: 4 })).toBe("/products?q=mug&category=books&min=5&instock=1&page=4");
  });
});
