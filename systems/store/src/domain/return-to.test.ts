import { returnToAttacks } from "@scs/testing/return-to-attacks";
import { describe, expect, it } from "vitest";
import { safeReturnTo } from "./return-to";

const policy = {
  self: "http://localhost:3003",
  origins: ["http://localhost:3001", "http://localhost:3002", "http://localhost:3003"],
};

describe("safeReturnTo", () => {
  it("honours URLs on the suite's own origins", () => {
    expect(safeReturnTo("http://localhost:3001/admin/products?page=2", policy)).toBe(
      "http://localhost:3001/admin/products?page=2",
    );
    expect(safeReturnTo("http://localhost:3002/library#top", policy)).toBe(
      "http://localhost:3002/library#top",
    );
    expect(safeReturnTo("HTTP://LOCALHOST:3002/albums", policy)).toBe("http://localhost:3002/albums");
  });

  it("honours paths on store itself, normalized", () => {
    expect(safeReturnTo("/offers?source=music", policy)).toBe("/offers?source=music");
    expect(safeReturnTo("/orders/a%20b", policy)).toBe("/orders/a%20b");
    expect(safeReturnTo("/", policy)).toBe("/");
  });

  it("never returns a value a browser could read as another host", () => {
    // Dot segments can leave `//host` behind; such a value falls back.
    for (const value of ["/.//x", "/a/..//x", "/%2e//x", "/a/../b"]) {
      const result = safeReturnTo(value, policy);
      expect(result.startsWith("//")).toBe(false);
      expect(new URL(result, "http://localhost:3003").origin).toBe("http://localhost:3003");
    }
  });

  it.each(returnToAttacks())("falls back to / for %s", (_, value) => {
    const result = safeReturnTo(value, policy);
    expect(new URL(result, "http://localhost:3003").origin).toBe("http://localhost:3003");
    expect(result).toBe("/");
  });

  it.each([
    ["not a string", ["http://localhost:3001/"]],
    ["absurdly long", `http://localhost:3001/${"a".repeat(3000)}`],
    ["undefined", undefined],
  ])("falls back for %s", (_, value) => {
    expect(safeReturnTo(value, policy)).toBe("/");
    expect(safeReturnTo(value, policy, "/cart")).toBe("/cart");
  });
});
