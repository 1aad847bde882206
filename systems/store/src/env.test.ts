/** store's configuration: the pending-order deadline is read from the environment, checked at start. */
import { parseEnv } from "@scs/web/suite-env";
import { describe, expect, it } from "vitest";
import { setUpRouteEnv } from "@/testing/route-env";

setUpRouteEnv();
const { storeEnvSchema } = await import("@/env");

const withTimeout = (value?: string) => {
  const source = { ...process.env };
  if (value === undefined) delete source.ORDER_PENDING_TIMEOUT_S;
  else source.ORDER_PENDING_TIMEOUT_S = value;
  return () => parseEnv(storeEnvSchema, { source }).ORDER_PENDING_TIMEOUT_S;
};

describe("ORDER_PENDING_TIMEOUT_S", () => {
  it("is 600 seconds unless the environment says otherwise", () => {
    expect(withTimeout()()).toBe(600);
    expect(withTimeout("30")()).toBe(30);
  });

  it("refuses what is not a whole, positive number of seconds, naming the variable", () => {
    expect(withTimeout("soon")).toThrow(/ORDER_PENDING_TIMEOUT_S: ORDER_PENDING_TIMEOUT_S must be a number/);
    expect(withTimeout("0")).toThrow(/at least 1 second/);
    expect(withTimeout("-5")).toThrow(/at least 1 second/);
    expect(withTimeout("1.5")).toThrow(/whole number of seconds/);
    expect(withTimeout("9999999")).toThrow(/at most a week/);
  });
});
