import { describe, expect, it } from "vitest";
import { categoryLabel, ownerPageUrl } from "./offers";

describe("categoryLabel", () => {
  it("shows the owners' category slugs as words", () => {
    expect(categoryLabel("home-kitchen")).toBe("Home & Kitchen");
    expect(categoryLabel("toys-games")).toBe("Toys & Games");
    expect(categoryLabel("books")).toBe("Books");
    expect(categoryLabel("garden-tools-and-more")).toBe("Garden Tools And More");
  });

  it("leaves names that are not slugs as they came", () => {
    expect(categoryLabel("Music")).toBe("Music");
    expect(categoryLabel("Home & Kitchen")).toBe("Home & Kitchen");
  });
});

describe("ownerPageUrl", () => {
  const urls = { catalog: "http://catalog.test", music: "http://music.test" };
  it("links to catalog's product page and music's album page", () => {
    expect(ownerPageUrl({ source: "catalog", itemId: "p 1" }, urls)).toBe(
      "http://catalog.test/products/p%201",
    );
    expect(ownerPageUrl({ source: "music", itemId: "a-1" }, urls)).toBe("http://music.test/albums/a-1");
  });
});
