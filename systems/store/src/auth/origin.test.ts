/** Where store accepts its own form posts from (checkout, cart changes, "order again"). */
import { describe, expect, it } from "vitest";
import { setUpRouteEnv, urls } from "@/testing/route-env";

setUpRouteEnv();
const door = "http://door.test:4100";
process.env.FRONT_DOOR_URL = door;
const { fromStore } = await import("./origin");

const post = (headers: Record<string, string>) =>
  new Request(`${urls.store}/checkout/place`, { method: "POST", headers });

describe("fromStore", () => {
  it("accepts store's own origin and the front door's, where store's pages are served under /store/", () => {
    expect(fromStore(post({ origin: urls.store }))).toBe(true);
    expect(fromStore(post({ origin: door }))).toBe(true);
    expect(fromStore(post({ referer: `${door}/store/checkout` }))).toBe(true);
  });

  it("refuses catalog's and music's own origins, any other, and none", () => {
    for (const origin of [urls.catalog, urls.music, "https://evil.example", "null"])
      expect(fromStore(post({ origin })), origin).toBe(false);
    expect(fromStore(post({}))).toBe(false);
  });
});
