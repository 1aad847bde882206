// Zero-downtime restarts under load (issue 12): an open-loop load through the front door — page
// GETs of the three systems, cart POSTs and checkout POSTs (`POST /api/orders`) — while systems
// are replaced one after the other (tools/suite/src/restart.mjs). Counts every request that failed
// (no response, 5xx, an unexpected 4xx, a cart refused) and, afterwards, the events: the fault
// lab's oracle style, on what a customer and an operator see — every order placed is answered by
// catalog (none left pending: no `order.placed` or `stock.reserved` lost) and catalog's stock fell
// by exactly the units of the confirmed orders (none reserved twice: no event applied twice).
// Used by `npm run bench -- --only restart` (60 s at 50 requests/s, each system restarted) and by
// e2e/journeys/zero-downtime-restart.spec.ts (the short version). Plain Node ESM, built-ins only.
import os from "node:os";
import { performance } from "node:perf_hooks";
import { restartSystem } from "../../tools/suite/src/restart.mjs";
import { percentile } from "./bench-stats.mjs";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const REQUEST_TIMEOUT_MS = 30_000;
/** Stock given to the product the load orders, so that no order is rejected for want of it. */
const STOCK = 1_000_000;

/** A short, countable name of a fetch failure. */
function errorKind(err) {
  if (err?.name === "TimeoutError" || err?.name === "AbortError") return "timeout";
  return err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(err);
}

/** store's reason for refusing a cart POST (the `cartError` of its redirect), to count it by kind. */
function refusal(response) {
  const location = response.headers.get("location");
  const reason = location ? new URL(location, "http://x").searchParams.get("cartError") : null;
  return reason ? ` cartError=${reason}` : "";
}

async function json(response, what) {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

async function bearer(storeUrl, email, password) {
  const response = await fetch(`${storeUrl}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  return (await json(response, `sign-in of ${email}`)).token;
}

/**
 * What the load needs, through the systems' own APIs (`direct(system)`: its base URL now): the
 * customer's token, a product with plenty of stock that store offers, an album, and the stock
 * before the load.
 */
export async function prepareShop({ direct, adminEmail, adminPassword, customer }) {
  const admin = await bearer(direct("store"), adminEmail, adminPassword);
  const token = await bearer(direct("store"), customer.email, customer.password);
  const products = await json(await fetch(`${direct("catalog")}/api/products?limit=1`), "products");
  const product = products.items?.[0];
  if (!product) throw new Error("catalog has no product to order");
  await json(
    await fetch(`${direct("catalog")}/api/products/${product.id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json", authorization: `Bearer ${admin}` },
      body: JSON.stringify({ stock: STOCK }),
    }),
    "stock of the product",
  );
  const albums = await json(await fetch(`${direct("music")}/api/albums`), "albums");
  const album = albums.items?.[0];
  if (!album) throw new Error("music has no album to show");
  // store must offer the product with its new stock before the load orders it. Searched by its
  // title: the offers list is a page (50 by title), and after other journeys the product is not on it.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const offers = await json(
      await fetch(
        `${direct("store")}/api/offers?source=catalog&limit=200&q=${encodeURIComponent(product.title)}`,
      ),
      "offers",
    );
    if (offers.items.some((o) => o.itemId === product.id && o.available)) break;
    if (Date.now() > deadline) throw new Error(`store does not offer ${product.id} after 60 s`);
    await sleep(200);
  }
  return { token, productId: product.id, albumId: album.id, stockBefore: STOCK };
}

/** The request mix, one entry per request in turn: 6 page GETs, 2 cart POSTs, 2 checkout POSTs. */
function requestMix({ frontDoor, storeOrigin, shop }) {
  const timeout = () => AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  const page = (kind, path) => ({
    kind,
    send: () => fetch(`${frontDoor}${path}`, { redirect: "manual", signal: timeout() }),
  });
  const cart = {
    kind: "cart POST",
    send: () =>
      fetch(`${frontDoor}/store/cart/items`, {
        method: "POST",
        redirect: "manual",
        signal: timeout(),
        // The form posts from the suite's own pages (store accepts carts only from them).
        headers: { "content-type": "application/x-www-form-urlencoded", origin: storeOrigin },
        body: new URLSearchParams({
          source: "catalog",
          itemId: shop.productId,
          quantity: "1",
          returnTo: "/cart",
        }),
      }),
    ok: (response) =>
      response.status === 303 && !(response.headers.get("location") ?? "").includes("cartError"),
  };
  const order = {
    kind: "checkout POST",
    send: () =>
      fetch(`${frontDoor}/store/api/orders`, {
        method: "POST",
        signal: timeout(),
        headers: { "content-type": "application/json", authorization: `Bearer ${shop.token}` },
        body: JSON.stringify({ lines: [{ source: "catalog", itemId: shop.productId, quantity: 1 }] }),
      }),
    ok: (response) => response.status === 201,
    order: true,
  };
  return [
    page("catalog page", "/catalog/"),
    page("catalog page", `/catalog/products/${shop.productId}`),
    cart,
    page("music page", "/music/"),
    order,
    page("music page", `/music/albums/${shop.albumId}`),
    page("store page", "/store/"),
    cart,
    page("store page", "/store/offers"),
    order,
  ];
}

/**
 * Runs the load at `ratePerSecond` for at least `seconds`, calls `during()` (the restarts) two
 * seconds in, and keeps the load on until both are done. Resolves every request's sample and the
 * ids of the orders placed.
 */
export async function loadWhile({ frontDoor, storeOrigin, shop, ratePerSecond, seconds, during }) {
  const mix = requestMix({ frontDoor, storeOrigin, shop });
  const samples = [];
  const orders = [];
  const inFlight = new Set();
  const fire = (entry, scheduledAt) => {
    const done = (async () => {
      const sample = { kind: entry.kind, at: scheduledAt };
      try {
        const response = await entry.send();
        const body = await response.text();
        sample.status = response.status;
        const ok = entry.ok ? entry.ok(response) : response.status === 200;
        if (!ok) sample.error = `HTTP ${response.status}${refusal(response)}`;
        else if (entry.order) orders.push(JSON.parse(body).id);
      } catch (err) {
        sample.error = errorKind(err);
      }
      sample.ms = performance.now() - scheduledAt;
      samples.push(sample);
    })();
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  };
  const interval = 1000 / ratePerSecond;
  const begun = performance.now();
  let n = 0;
  let duringDone = false;
  let duringError = null;
  const restarts = sleep(2_000)
    .then(during)
    .catch((err) => {
      duringError = err;
    })
    .finally(() => {
      duringDone = true;
    });
  // Open loop: each request starts on its schedule whether or not earlier ones have ended.
  while (!duringDone || performance.now() - begun < seconds * 1000) {
    const due = begun + n * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    fire(mix[n % mix.length], due);
    n++;
  }
  await restarts;
  await Promise.all([...inFlight]);
  if (duringError) throw duringError;
  return { samples, orders, seconds: (performance.now() - begun) / 1000 };
}

/**
 * The oracle, once the load is over: each order placed must be answered (confirmed here: the
 * stock is ample) within `timeoutMs`; catalog's stock must have fallen by the confirmed units.
 */
export async function checkEvents({ direct, shop, orders, timeoutMs = 120_000 }) {
  const headers = { authorization: `Bearer ${shop.token}` };
  const statuses = new Map(orders.map((id) => [id, "pending"]));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const [id, status] of statuses) {
      if (status !== "pending") continue;
      const response = await fetch(`${direct("store")}/api/orders/${id}`, { headers });
      if (response.ok) statuses.set(id, (await response.json()).status);
    }
    if (![...statuses.values()].includes("pending") || Date.now() > deadline) break;
    await sleep(500);
  }
  const count = (s) => [...statuses.values()].filter((v) => v === s).length;
  const confirmed = count("confirmed");
  // catalog applies each confirmation's reservation once: poll until its stock settles.
  let stockDrop = 0;
  const settle = Date.now() + 30_000;
  for (;;) {
    const product = await json(await fetch(`${direct("catalog")}/api/products/${shop.productId}`), "product");
    stockDrop = shop.stockBefore - product.stock;
    if (stockDrop === confirmed || Date.now() > settle) break;
    await sleep(500);
  }
  return {
    ordersPlaced: orders.length,
    confirmed,
    rejected: count("rejected"),
    // Never answered: an order.placed or stock.reserved lost on the way.
    lost: count("pending"),
    stockDrop,
    // Units reserved beyond the confirmed orders: an order.placed applied twice.
    duplicated: Math.max(0, stockDrop - confirmed),
  };
}

/** Per kind of request: count, failed, p50, p99, max (ms); and the failures by kind. */
export function summarize(samples) {
  const byKind = {};
  const problems = {};
  for (const s of samples) {
    byKind[s.kind] ??= [];
    byKind[s.kind].push(s);
    if (s.error) problems[`${s.kind}: ${s.error}`] = (problems[`${s.kind}: ${s.error}`] ?? 0) + 1;
  }
  const stats = (list) => {
    const ms = list.filter((s) => !s.error).map((s) => s.ms);
    const at = (p) => (ms.length ? Math.round(percentile(ms, p)) : null);
    return {
      requests: list.length,
      failed: list.filter((s) => s.error).length,
      p50: at(50),
      p99: at(99),
      max: at(100),
    };
  };
  return {
    all: stats(samples),
    kinds: Object.fromEntries(Object.entries(byKind).map(([kind, list]) => [kind, stats(list)])),
    problems,
  };
}

/**
 * The measurement: `ratePerSecond` requests a second through `suite`'s front door for at least
 * `seconds`, while `systems` are replaced one after the other with zero downtime; then the oracle.
 * `suite`: startE2ESuite's (frontDoor, gateway, livePorts, replaceSystem, …). Prints the figures.
 */
export async function measureRestarts({ suite, ratePerSecond, seconds, systems, log }) {
  const direct = (sys) => `http://localhost:${suite.livePorts()[sys]}`;
  const shop = await prepareShop({
    direct,
    adminEmail: suite.adminEmail,
    adminPassword: suite.adminPassword,
    customer: suite.customer,
  });
  const restarts = [];
  // Other work on the machine (2 cores, shared) decides whether the systems keep up at all.
  const loadAverage = { atStart: os.loadavg()[0], atEnd: null };
  const load = await loadWhile({
    frontDoor: suite.frontDoor,
    storeOrigin: new URL(suite.urls.store).origin,
    shop,
    ratePerSecond,
    seconds,
    during: async () => {
      for (const sys of systems) {
        const begun = Date.now();
        const timeline = { begun: performance.now(), switched: null };
        const result = await restartSystem({
          suite,
          gateway: suite.gateway,
          sys,
          log: () => {},
          onSwitch: () => {
            timeline.switched = performance.now();
          },
        });
        timeline.done = performance.now();
        restarts.push({ system: sys, ...result, totalMs: Date.now() - begun, timeline });
        log(
          `  ${sys} replaced: new process ready in ${(result.readyMs / 1000).toFixed(1)} s, old one drained in ${(result.drainMs / 1000).toFixed(1)} s`,
        );
      }
    },
  });
  loadAverage.atEnd = os.loadavg()[0];
  const requests = summarize(load.samples);
  // When, in seconds from the load's start, each restart began, switched and ended, and when the
  // failed requests were sent: what to look up in the logs.
  const loadStart = Math.min(...load.samples.map((s) => s.at));
  const since = (t) => (t === null ? null : Math.round((t - loadStart) / 100) / 10);
  for (const r of restarts) {
    r.at = {
      begun: since(r.timeline.begun),
      switched: since(r.timeline.switched),
      done: since(r.timeline.done),
    };
    delete r.timeline;
  }
  requests.failedAt = load.samples
    .filter((s) => s.error)
    .map((s) => `${since(s.at)} (${Math.round(s.ms)} ms)`);
  const events = await checkEvents({ direct, shop, orders: load.orders });
  const result = {
    ratePerSecond,
    seconds: Math.round(load.seconds),
    loadAverage,
    restarts,
    requests,
    events,
  };
  log(formatRestarts(result));
  return result;
}

/** The figures as lines for the console and the README. */
export function formatRestarts({ ratePerSecond, seconds, loadAverage, restarts, requests, events }) {
  const lines = [
    `Zero-downtime restarts: ${requests.all.requests} requests at ${ratePerSecond}/s through the front door over ${seconds} s, ` +
      `while ${restarts.map((r) => r.system).join(", ")} were replaced in turn`,
    `  failed requests: ${requests.all.failed}${Object.keys(requests.problems).length ? ` (${JSON.stringify(requests.problems)})` : ""}`,
    ...Object.entries(requests.kinds).map(
      ([kind, s]) =>
        `  ${kind.padEnd(14)} ${String(s.requests).padStart(5)} requests, ${s.failed} failed, p50 ${s.p50} ms, p99 ${s.p99} ms, max ${s.max} ms`,
    ),
    `  orders placed ${events.ordersPlaced}: confirmed ${events.confirmed}, rejected ${events.rejected}, never answered (lost) ${events.lost}`,
    `  catalog's stock fell by ${events.stockDrop} for ${events.confirmed} confirmed units: reserved twice (duplicated) ${events.duplicated}`,
    ...restarts.map(
      (r) =>
        `  ${r.system}: ${r.from} → ${r.port}, ready in ${(r.readyMs / 1000).toFixed(1)} s, drained in ${(r.drainMs / 1000).toFixed(1)} s, ${(r.totalMs / 1000).toFixed(1)} s in all` +
        (r.at ? ` (load's +${r.at.begun} s, switched +${r.at.switched} s, done +${r.at.done} s)` : ""),
    ),
    `  load average (1 min) at the load's start / end: ${loadAverage.atStart.toFixed(2)} / ${loadAverage.atEnd.toFixed(2)}`,
    ...(requests.failedAt?.length
      ? [`  failed requests sent at (s into the load): ${requests.failedAt.join(", ")}`]
      : []),
  ];
  return lines.join("\n");
}
