import { describe, expect, it } from "vitest";
import { safeReturnTo } from "./return-to";

const origins = ["http://localhost:3001", "http://localhost:3002", "http://localhost:3003"];

describe("safeReturnTo", () => {
  it("honours URLs on the suite's own origins", () => {
    expect(safeReturnTo("http://localhost:3001/admin/products?page=2", origins)).toBe(
      "http://localhost:3001/admin/products?page=2",
    );
    expect(safeReturnTo("http://localhost:3002/library#top", origins)).toBe(
      "http://localhost:3002/library#top",
    );
  });

  it("honours paths on store itself", () => {
    expect(safeReturnTo("/offers?source=music", origins)).toBe("/offers?source=music");
  });

  it.each([
    ["another site", "https://evil.example/phish"],
    ["another port", "http://localhost:4000/"],
    ["a look-alike host", "http://localhost:3001.evil.example/"],
    ["credentials in the URL", "http://user:pw@localhost:3001/"],
    ["protocol-relative", "//evil.example/"],
    ["backslash trick", "/\\evil.example/"],
    ["javascript:", "javascript:alert(1)"],
    ["data:", "data:text/html,hi"],
    ["a relative path without slash", "offers"],
    ["empty", ""],
    ["not a string", ["http://localhost:3001/"]],
    ["absurdly long", `http://localhost:3001/${"a".repeat(3000)}`],
  ])("falls back to / for %s", (_, value) => {
    expect(safeReturnTo(value, origins)).toBe("/");
  });
});
