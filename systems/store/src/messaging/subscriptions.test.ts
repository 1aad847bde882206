import { consumedEvents } from "@scs/contracts/consumers";
import { describe, expect, it } from "vitest";
import { subscriptions } from "./subscriptions";

describe("store's subscriptions", () => {
  it("are exactly the events the consumers table of @scs/contracts gives store (its broker read permissions)", () => {
    expect(Object.keys(subscriptions).sort()).toEqual([...consumedEvents.store].sort());
  });
});
