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

describe("TRUSTED_PROXY_ADDRESSES", () => {
  const parse = (value?: string) => () => {
    const source = { ...process.env };
    if (value === undefined) delete source.TRUSTED_PROXY_ADDRESSES;
    else source.TRUSTED_PROXY_ADDRESSES = value;
    return parseEnv(storeEnvSchema, { source }).TRUSTED_PROXY_ADDRESSES;
  };

  it("is the loopback addresses the suite's own gateway connects from, unless set (empty: none)", () => {
    expect(parse()()).toEqual(["127.0.0.1", "::1"]);
    expect(parse("")()).toEqual([]);
    expect(parse(" 10.0.0.5, 10.42.0.0/16 ,fd00::/8")()).toEqual(["10.0.0.5", "10.42.0.0/16", "fd00::/8"]);
  });

  it("refuses what is not an address or a range, naming the variable", () => {
    expect(parse("gateway")).toThrow(/TRUSTED_PROXY_ADDRESSES.*IP addresses or CIDR ranges/);
    expect(parse("10.0.0.0/33")).toThrow(/TRUSTED_PROXY_ADDRESSES/);
  });
});
