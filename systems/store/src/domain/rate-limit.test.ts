import { describe, expect, it } from "vitest";
import { TokenBuckets, takeAll } from "./rate-limit";

const clock = () => {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
};

describe("token buckets", () => {
  it("allows the burst, then refuses with the seconds until the next token", () => {
    const time = clock();
    const buckets = new TokenBuckets({ burst: 3, perMinute: 1 }, time.now);
    for (let i = 0; i < 3; i++) expect(buckets.take("a").ok).toBe(true);
    expect(buckets.take("a")).toEqual({ ok: false, retryAfterS: 60 });
    time.advance(45_000);
    expect(buckets.take("a")).toEqual({ ok: false, retryAfterS: 15 });
    time.advance(15_000);
    expect(buckets.take("a").ok).toBe(true);
    // Other keys are not affected.
    expect(buckets.take("b").ok).toBe(true);
  });

  it("a token given back (a correct password) does not count", () => {
    const buckets = new TokenBuckets({ burst: 2, perMinute: 1 }, clock().now);
    for (let i = 0; i < 10; i++) {
      expect(buckets.take("a").ok).toBe(true);
      buckets.giveBack("a");
    }
    expect(buckets.size).toBe(0); // full buckets are not kept
  });

  it("takes from several buckets all or nothing", () => {
    const time = clock();
    const small = new TokenBuckets({ burst: 1, perMinute: 1 }, time.now);
    const large = new TokenBuckets({ burst: 5, perMinute: 1 }, time.now);
    expect(
      takeAll([
        [large, "x"],
        [small, "y"],
      ]).ok,
    ).toBe(true);
    expect(
      takeAll([
        [large, "x"],
        [small, "y"],
      ]),
    ).toEqual({ ok: false, retryAfterS: 60 });
    // The refused attempt gave its token back to `large`: 4 left there.
    for (let i = 0; i < 4; i++) expect(large.take("x").ok).toBe(true);
    expect(large.take("x").ok).toBe(false);
  });

  it("keeps at most maxKeys buckets, dropping the least recently used", () => {
    const buckets = new TokenBuckets({ burst: 1, perMinute: 1 }, clock().now, 100);
    for (let i = 0; i < 1000; i++) buckets.take(`k${i}`);
    expect(buckets.size).toBeLessThanOrEqual(100);
    expect(buckets.take("k999").ok).toBe(false); // the most recent ones are kept
  });
});
