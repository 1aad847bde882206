/**
 * The short version of `npm run bench -- --only restart` (scripts/lib/bench-restart.mjs): while
 * page GETs of the three systems, cart POSTs and checkout POSTs go through the front door, store is
 * replaced with zero downtime twice (to its second port and back to its own, so that the journeys'
 * direct URLs work afterwards): both of the front door's switches, two handovers of its lease,
 * relay and consumer. No request fails;
 * every order placed meanwhile is confirmed once (no event lost, none applied twice).
 */

import { checkEvents, loadWhile, prepareShop, summarize } from "../../scripts/lib/bench-restart.mjs";
import { expect, test } from "./fixtures";
import { restartSystem, suite } from "./suite";

test("store replaced twice under load through the front door: no failed request, no event lost or applied twice", async () => {
  test.setTimeout(180_000);
  const direct = (sys: "catalog" | "music" | "store") => suite.urls[sys];
  const shop = await prepareShop({
    direct,
    adminEmail: suite.adminEmail,
    adminPassword: suite.adminPassword,
    customer: suite.customer,
  });
  const restarts: { port: number; readyMs: number; drainMs: number }[] = [];
  const load = await loadWhile({
    frontDoor: suite.frontDoor,
    storeOrigin: new URL(suite.urls.store).origin,
    shop,
    ratePerSecond: 20,
    seconds: 4,
    during: async () => {
      restarts.push(await restartSystem("store"));
      restarts.push(await restartSystem("store"));
    },
  });
  const requests = summarize(load.samples);
  console.log(
    `${requests.all.requests} requests in ${load.seconds.toFixed(1)} s, ${requests.all.failed} failed; ` +
      `store restarts: ${restarts.map((r) => `→ ${r.port} ready in ${r.readyMs} ms, drained in ${r.drainMs} ms`).join("; ")}`,
  );
  expect(requests.problems).toEqual({});
  // Home again: the other journeys' direct URL of store answers.
  expect(restarts.at(-1)?.port).toBe(Number(new URL(suite.urls.store).port));

  const events = await checkEvents({ direct, shop, orders: load.orders, timeoutMs: 60_000 });
  expect(events.ordersPlaced).toBeGreaterThan(0);
  expect(events).toMatchObject({ lost: 0, duplicated: 0, rejected: 0, confirmed: events.ordersPlaced });
  expect(events.stockDrop).toBe(events.confirmed);
});
