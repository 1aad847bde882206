import { consumedEvents } from "@scs/contracts/consumers";
import { describe, expect, it } from "vitest";
import { subscriptions } from "./subscriptions";

describe("music's subscriptions", () => {
  it("are exactly the events the consumers table of @scs/contracts gives music (its broker read permissions)", () => {
    expect(Object.keys(subscriptions).sort()).toEqual([...consumedEvents.music].sort());
  });
});
