import { consumedEvents } from "@scs/contracts/consumers";
import { describe, expect, it } from "vitest";
import { subscriptions } from "./subscriptions";

describe("catalog's subscriptions", () => {
  it("are exactly the events the consumers table of @scs/contracts gives catalog (its broker read permissions)", () => {
    expect(Object.keys(subscriptions).sort()).toEqual([...consumedEvents.catalog].sort());
  });
});
