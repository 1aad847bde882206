import { describe, expect, it } from "vitest";
import { LruCache } from "./lru";

describe("LruCache", () => {
  it("evicts the least recently used entries beyond its weight", () => {
    const cache = new LruCache<string, string>(10, (v) => v.length);
    cache.set("a", "aaaa");
    cache.set("b", "bbbb");
    expect(cache.get("a")).toBe("aaaa"); // a is now the most recent
    cache.set("c", "cccc");
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe("aaaa");
    expect(cache.get("c")).toBe("cccc");
    expect(cache.weight).toBe(8);
  });

  it("does not keep an entry heavier than the whole cache, and computes missing ones once", () => {
    const cache = new LruCache<string, string>(3, (v) => v.length);
    cache.set("big", "toolong");
    expect(cache.size).toBe(0);
    let calls = 0;
    const create = () => {
      calls++;
      return "x";
    };
    expect(cache.getOrCreate("k", create)).toBe("x");
    expect(cache.getOrCreate("k", create)).toBe("x");
    expect(calls).toBe(1);
  });
});
