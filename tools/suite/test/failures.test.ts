import { describe, expect, it } from "vitest";
import { failedTests } from "../src/failures.mjs";

describe("the failing tests named in a stage's output", () => {
  it("takes vitest's FAIL lines behind turbo's prefix, once each, without colours", () => {
    const output = [
      "@scs/messaging:test:unit:      \u001b[32m✓\u001b[39m pauses after each page",
      "@scs/messaging:test:unit: \u001b[41m\u001b[1m FAIL \u001b[22m\u001b[49m src/resync-jobs.test.ts > the runner > pauses",
      "@scs/messaging:test:unit: AssertionError: expected 0.28 to be less than 0.22",
      "@scs/store:test:unit:  FAIL  src/domain/passwords.test.ts > accepts the right password",
      "@scs/messaging:test:unit: \u001b[41m\u001b[1m FAIL \u001b[22m\u001b[49m src/resync-jobs.test.ts > the runner > pauses",
      " FAIL  test/setup.test.ts > installs",
    ].join("\n");
    expect(failedTests(output)).toEqual([
      "@scs/messaging: src/resync-jobs.test.ts > the runner > pauses",
      "@scs/store: src/domain/passwords.test.ts > accepts the right password",
      "test/setup.test.ts > installs",
    ]);
  });

  it("takes the tests under Playwright's closing count of failures, and no passing ones", () => {
    const output = [
      "  ✓   2 e2e/journeys/a.spec.ts:32:1 › passes (3ms)",
      "  1 failed",
      "    e2e/journeys/checkout.spec.ts:40:1 › checkout with catalog stopped ─────────────",
      "  1 flaky",
      "    e2e/journeys/b.spec.ts:9:1 › retried and passed ─────",
      "  43 passed (10.9m)",
    ].join("\n");
    expect(failedTests(output)).toEqual([
      "e2e/journeys/checkout.spec.ts:40:1 › checkout with catalog stopped",
    ]);
  });

  it("names none in a passing run, and counts what it leaves out", () => {
    expect(failedTests(" Tests  54 passed (54)\n")).toEqual([]);
    const many = Array.from({ length: 25 }, (_, i) => ` FAIL  t${i}.test.ts > x`).join("\n");
    const named = failedTests(many, 20);
    expect(named).toHaveLength(21);
    expect(named.at(-1)).toBe("… and 5 more");
  });
});
