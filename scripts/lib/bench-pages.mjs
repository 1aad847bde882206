// T6: how fast the systems serve their pages, against a file the same process serves. A closed
// loop like autocannon's (32 keep-alive connections, each sending its next request as soon as the
// previous answer ended) on each page for a few seconds; T6 = the page's requests/s ÷ the
// requests/s of store's `/icon.svg` measured in the same run (what one `next start` serves on this
// machine without rendering anything: routing, the proxy's headers, a file; music has no icon). Then one visit of
// each page in headless Chromium: Largest Contentful Paint and the bytes of JavaScript it loads.
// Plain Node ESM; Chromium is driven by playwright-core (the e2e tests' own dependency).
// Run alone: `npm run bench -- --only t6`.
import http from "node:http";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { percentile } from "./bench-stats.mjs";

export const T6_TARGET = 0.4;
export const T6_P99_TARGET_MS = 200;
export const LCP_TARGET_MS = 1000;
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const REQUEST_TIMEOUT_MS = 30_000;
const round1 = (/** @type {number} */ x) => Math.round(x * 10) / 10;

/**
 * @typedef {object} LoadStats
 * @property {string} url
 * @property {number} requests completed 2xx answers
 * @property {number} perSecond 2xx answers per second
 * @property {number} errors non-2xx answers and failed requests
 * @property {number} p50 ms
 * @property {number} p99 ms
 * @property {Record<string, number>} cache answers by their `x-page-cache` (hit, stale, miss; "none"
 *   when absent): a page that is not answered from the cache under load shows here
 */

/**
 * One GET on a keep-alive agent; resolves the status and the page cache's header (or throws) once
 * the body has ended.
 * @param {http.Agent} agent
 * @param {URL} url
 * @returns {Promise<{ status: number, cache: string }>}
 */
function get(agent, url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { accept: "text/html,*/*" } }, (res) => {
      res.on("data", () => {});
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, cache: String(res.headers["x-page-cache"] ?? "none") }),
      );
      res.on("error", reject);
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

/**
 * `connections` clients, each requesting `url` again as soon as its previous answer ended, for
 * `seconds` (autocannon's model).
 * @param {string} url
 * @param {{ connections: number, seconds: number }} options
 * @returns {Promise<LoadStats>}
 */
export async function closedLoop(url, { connections, seconds }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  /** @type {number[]} */
  const latencies = [];
  let errors = 0;
  /** @type {Record<string, number>} */
  const cache = {};
  const start = performance.now();
  const end = start + seconds * 1000;
  const client = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        const { status, cache: state } = await get(agent, target);
        cache[state] = (cache[state] ?? 0) + 1;
        if (status >= 200 && status < 300) latencies.push(performance.now() - t0);
        else errors++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, client));
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  return {
    url: target.pathname + target.search,
    requests: latencies.length,
    perSecond: Math.round(latencies.length / elapsed),
    errors,
    p50: round1(percentile(latencies, 50)),
    p99: round1(percentile(latencies, 99)),
    cache,
  };
}

/**
 * Largest Contentful Paint and the JavaScript a fresh browser loads for each page (no cache).
 * @param {string[]} urls
 * @param {{ idleWaitMs?: number }} [options] how long to wait after `load` for the network to go idle
 *   (scripts loaded later count too)
 * @returns {Promise<{ url: string, lcpMs: number | null, jsBytes: number, scripts: number }[]>}
 */
export async function paintAndScripts(urls, { idleWaitMs = 3000 } = {}) {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const results = [];
    for (const url of urls) {
      // A fresh context per page: nothing cached from the page before.
      const context = await browser.newContext();
      const page = await context.newPage();
      let jsBytes = 0;
      let scripts = 0;
      page.on("response", async (response) => {
        if (response.request().resourceType() !== "script") return;
        scripts++;
        jsBytes += (await response.body().catch(() => Buffer.alloc(0))).length;
      });
      await page.goto(url, { waitUntil: "load" });
      const lcpMs = await page.evaluate(
        () =>
          new Promise((resolve) => {
            new PerformanceObserver((list) => {
              const entries = list.getEntries();
              resolve(entries.length > 0 ? entries[entries.length - 1].startTime : null);
            }).observe({ type: "largest-contentful-paint", buffered: true });
            setTimeout(() => resolve(null), 3000);
          }),
      );
      // Scripts loaded after `load` count too, but a page that polls (store's "updated … ago", music's
      // library) is never idle: at most 3 s (waiting for "networkidle" failed T6 after 30 s).
      if (idleWaitMs > 0) await page.waitForLoadState("networkidle", { timeout: idleWaitMs }).catch(() => {});
      // Inline flight data is JavaScript the page ships too: count the HTML's <script> bodies.
      const inline = await page.evaluate(() =>
        [...document.querySelectorAll("script:not([src])")].reduce(
          (n, s) => n + (s.textContent?.length ?? 0),
          0,
        ),
      );
      results.push({
        url: new URL(url).pathname,
        lcpMs: lcpMs === null ? null : Math.round(/** @type {number} */ (lcpMs)),
        jsBytes: jsBytes + inline,
        scripts,
      });
      await context.close();
    }
    return results;
  } finally {
    await browser.close();
  }
}

/**
 * The pages of T6 on a running suite: store's storefront and one offer page of each source,
 * catalog's product page, music's album page, each against store's `/icon.svg`.
 * @param {{ urls: { catalog: string, music: string, store: string } }} suite
 * @param {{ connections: number, seconds: number, rounds: number, warmUpSeconds?: number, idleWaitMs?: number, log: (line: string) => void }} options
 *   warmUpSeconds: each page's warm-up, not counted; idleWaitMs: see paintAndScripts (the smoke
 *   run shortens both)
 */
export async function measurePages(
  suite,
  { connections, seconds, rounds, warmUpSeconds = 2, idleWaitMs, log },
) {
  const pages = await discoverPages(suite.urls);
  /** Warm every route (module loading, JIT) before anything is counted. */
  for (const { url } of pages) await closedLoop(url, { connections: 4, seconds: warmUpSeconds });
  const iconUrl = `${suite.urls.store}/icon.svg`;
  await closedLoop(iconUrl, { connections: 4, seconds: warmUpSeconds / 2 });
  /** @type {Record<string, { page: LoadStats[], icon: LoadStats[] }>} */
  const runs = {};
  const loads = [];
  for (let round = 0; round < rounds; round++) {
    // ABBA: the icon before the page in even rounds, after it in odd ones (drift cancels out).
    for (const { name, url } of pages) {
      const order = round % 2 === 0 ? [iconUrl, url] : [url, iconUrl];
      runs[name] ??= { page: [], icon: [] };
      for (const u of order) {
        const stats = await closedLoop(u, { connections, seconds });
        (u === iconUrl ? runs[name].icon : runs[name].page).push(stats);
      }
      loads.push(os.loadavg()[0]);
      const last = runs[name];
      log(
        `  T6 ${name}: ${last.page.at(-1)?.perSecond}/s (p99 ${last.page.at(-1)?.p99} ms) vs icon ${last.icon.at(-1)?.perSecond}/s, cache ${JSON.stringify(last.page.at(-1)?.cache)}, load ${os.loadavg()[0].toFixed(1)}`,
      );
    }
  }
  const paint = await paintAndScripts(
    pages.map((p) => p.url),
    { idleWaitMs },
  );
  const results = pages.map(({ name, system, url }, i) => {
    const { page, icon } = runs[name];
    const ratios = page.map((p, r) => p.perSecond / Math.max(1, icon[r].perSecond));
    const sum = (/** @type {LoadStats[]} */ xs, /** @type {keyof LoadStats} */ k) =>
      xs.reduce((n, x) => n + /** @type {number} */ (x[k]), 0);
    return {
      name,
      system,
      path: new URL(url).pathname,
      perSecond: Math.round(sum(page, "perSecond") / page.length),
      iconPerSecond: Math.round(sum(icon, "perSecond") / icon.length),
      ratio: Math.round(percentile(ratios, 50) * 100) / 100,
      ratioMin: Math.round(Math.min(...ratios) * 100) / 100,
      ratioMax: Math.round(Math.max(...ratios) * 100) / 100,
      p50: percentile(
        page.map((p) => p.p50),
        50,
      ),
      p99: Math.max(...page.map((p) => p.p99)),
      errors: sum(page, "errors") + sum(icon, "errors"),
      lcpMs: paint[i].lcpMs,
      jsBytes: paint[i].jsBytes,
    };
  });
  return {
    connections,
    seconds,
    rounds,
    loadAverage: round1(loads.reduce((a, b) => a + b, 0) / Math.max(1, loads.length)),
    pages: results,
  };
}

/**
 * store's storefront, a catalog and a music offer page (linked from the storefront), catalog's
 * product page and music's album page of the same items; each checked to answer 200 with HTML.
 * Waits up to 60 s for store to have received its first offers of both sources.
 * @param {{ catalog: string, music: string, store: string }} urls
 */
async function discoverPages(urls) {
  const deadline = Date.now() + 60_000;
  /** @type {Record<string, string | undefined>} */
  const found = {};
  while (!(found.catalog && found.music)) {
    if (Date.now() > deadline) throw new Error("store's storefront links no offer of catalog and music");
    const html = await (await fetch(`${urls.store}/`)).text();
    for (const [, source, id] of html.matchAll(/href="\/offers\/(catalog|music)\/([^"?#]+)"/g))
      found[source] ??= id;
    if (!(found.catalog && found.music)) await new Promise((r) => setTimeout(r, 1000));
  }
  const pages = [
    { name: "store storefront", system: "store", url: `${urls.store}/` },
    { name: "store catalog offer", system: "store", url: `${urls.store}/offers/catalog/${found.catalog}` },
    { name: "store music offer", system: "store", url: `${urls.store}/offers/music/${found.music}` },
    { name: "catalog product", system: "catalog", url: `${urls.catalog}/products/${found.catalog}` },
    { name: "music album", system: "music", url: `${urls.music}/albums/${found.music}` },
  ];
  for (const { url } of pages) {
    const res = await fetch(url, { redirect: "manual" });
    await res.arrayBuffer();
    const type = res.headers.get("content-type") ?? "";
    if (res.status !== 200 || !type.startsWith("text/html"))
      throw new Error(`${url} answered ${res.status} ${type}`);
  }
  return pages;
}

/**
 * The T6 rows of the benchmark table (one per page).
 * @param {Awaited<ReturnType<typeof measurePages>>} t6
 */
export function pageRows(t6) {
  return t6.pages.map((p) => [
    "T6",
    `${p.name} (${p.path}), ${t6.connections} connections`,
    `${p.perSecond} req/s, p50 ${p.p50} ms, p99 ${p.p99} ms; LCP ${p.lcpMs ?? "—"} ms, JS ${Math.round(p.jsBytes / 1024)} KiB`,
    `store's /icon.svg ${p.iconPerSecond} req/s`,
    `${p.ratio} (${p.ratioMin}–${p.ratioMax})`,
    `≥ ${T6_TARGET}, p99 < ${T6_P99_TARGET_MS} ms, LCP < ${LCP_TARGET_MS} ms`,
    p.ratio >= T6_TARGET &&
      p.p99 < T6_P99_TARGET_MS &&
      p.lcpMs !== null &&
      p.lcpMs < LCP_TARGET_MS &&
      p.errors === 0,
  ]);
}

/**
 * How T6 is measured, for docs/benchmarks.md.
 * @param {Awaited<ReturnType<typeof measurePages>>} t6
 */
export function pageNotes(t6) {
  return `- **T6** — the three built systems (\`next start\`), seeded, on a broker of their own. Each page in
  turn gets ${t6.connections} keep-alive connections for ${t6.seconds} s, each sending its next request as soon as the
  previous answer ended (autocannon's model), and so does store's \`/icon.svg\` (a file a
  \`next start\` serves through the same proxy, without rendering): ${t6.rounds} rounds, the icon
  before the page in even rounds and after it in odd ones. T6 is the median of the rounds'
  page ÷ icon ratios (range in brackets); p99 is the worst round's. Load average during the run:
  ${t6.loadAverage} (other work on the machine shares its cores). Then each page once in headless
  Chromium with an empty cache: Largest Contentful Paint, and the bytes of JavaScript it loads
  (files and the inline flight data). Anonymous visitors: the pages come from the page cache
  (docs/decisions/0022-page-cache.md) except the first request after each change (a page only
  older than 10 s is answered while its successor renders); the log counts each round's answers
  by \`x-page-cache\`. \`BENCH_CPU_PROFILE_DIR=dir\` writes a CPU profile of each \`next start\`.`;
}
