// T6: how fast the systems serve their pages, against a file the same process serves. A closed
// loop like autocannon's (32 keep-alive connections, each sending its next request as soon as the
// previous answer ended) on each page for a few seconds; T6 = the page's requests/s ÷ the
// requests/s of store's `/icon.svg` measured in the same run (what one `next start` serves on this
// machine without rendering anything: routing, the proxy's headers, a file; music has no icon). Then one visit of
// each page in headless Chromium: Largest Contentful Paint and the bytes of JavaScript it ships.
// Plain Node ESM; Chromium is driven by playwright-core (the e2e tests' own dependency).
// Run alone: `npm run bench -- --only t6`.
import http from "node:http";
import os from "node:os";
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
 * @typedef {object} PageScripts what one page ships as JavaScript (see paintAndScripts)
 * @property {number} files the script files its HTML names, as loaded
 * @property {number} fileBytes their bodies' bytes, decoded (what the browser parses)
 * @property {number} fileTransferBytes their bodies' bytes as they came over the wire (compressed
 *   when the server compressed them)
 * @property {number} inlineBytes UTF-8 bytes of its HTML's inline scripts (React's flight data)
 * @property {number} jsBytes fileBytes + inlineBytes: "JS" in the table
 * @property {number} laterFiles scripts the HTML does not name, loaded by the time the network went
 *   quiet (or `idleWaitMs` ran out): chunks of the routes Next prefetches for the page's links.
 *   Not counted in `jsBytes`; how many depends on timing.
 * @property {number} laterBytes their decoded bytes
 */

/**
 * What the page ships as JavaScript, in the page once it has loaded: the script files its HTML
 * names (`<script src>`, not `nomodule`), sized by the browser's Resource Timing entries (the
 * browser's own record, complete at `load`, since `load` waits for every script the HTML names),
 * and the inline scripts of that HTML. Scripts that something loads later are not the page's: they
 * are counted apart. A named file that did not load is an error, not 0 bytes.
 * Runs in the browser (page.evaluate), so it refers to nothing outside itself.
 * @param {string} html the document as the server sent it
 * @returns {PageScripts | { failed: string[] }}
 */
function pageScripts(html) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const isJavaScript = (/** @type {HTMLScriptElement} */ s) =>
    ["", "text/javascript", "application/javascript", "module"].includes(s.type.trim().toLowerCase());
  const scripts = [...doc.querySelectorAll("script")].filter(isJavaScript);
  const named = new Set(
    scripts
      .filter((s) => s.hasAttribute("src") && !s.noModule)
      .map((s) => new URL(s.getAttribute("src") ?? "", document.baseURI).href),
  );
  const encoder = new TextEncoder();
  const inlineBytes = scripts
    .filter((s) => !s.hasAttribute("src"))
    .reduce((n, s) => n + encoder.encode(s.textContent ?? "").length, 0);
  /** @type {Map<string, PerformanceResourceTiming>} the first entry of each URL */
  const entries = new Map();
  for (const e of /** @type {PerformanceResourceTiming[]} */ (performance.getEntriesByType("resource")))
    if (!entries.has(e.name)) entries.set(e.name, e);
  const files = [...named].map((url) => ({ url, entry: entries.get(url) }));
  const failed = files
    .filter(({ entry }) => !entry || entry.responseStatus < 200 || entry.responseStatus > 299)
    .map(({ url, entry }) => `${url} (${entry ? `status ${entry.responseStatus}` : "not loaded"})`);
  if (failed.length > 0) return { failed };
  const sum = (
    /** @type {PerformanceResourceTiming[]} */ es,
    /** @type {"decodedBodySize" | "encodedBodySize"} */ k,
  ) => es.reduce((n, e) => n + e[k], 0);
  const loaded = files.map(({ entry }) => /** @type {PerformanceResourceTiming} */ (entry));
  const later = [...entries.values()].filter(
    (e) => !named.has(e.name) && (e.initiatorType === "script" || new URL(e.name).pathname.endsWith(".js")),
  );
  const fileBytes = sum(loaded, "decodedBodySize");
  return {
    files: loaded.length,
    fileBytes,
    fileTransferBytes: sum(loaded, "encodedBodySize"),
    inlineBytes,
    jsBytes: fileBytes + inlineBytes,
    laterFiles: later.length,
    laterBytes: sum(later, "decodedBodySize"),
  };
}

/**
 * Largest Contentful Paint and the JavaScript each page ships (pageScripts), in a fresh browser
 * context per page (no cache).
 * @param {string[]} urls
 * @param {{ idleWaitMs?: number }} [options] how long to wait after `load` for the network to go
 *   quiet before the scripts loaded later are counted apart (the page's own are complete at `load`)
 * @returns {Promise<({ url: string, lcpMs: number | null } & PageScripts)[]>}
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
      // The default buffer of 250 entries could fill with a polling page's requests.
      await page.addInitScript(() => performance.setResourceTimingBufferSize(100_000));
      const response = await page.goto(url, { waitUntil: "load" });
      if (!response?.ok()) throw new Error(`${url} answered ${response?.status()}`);
      const html = await response.text();
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
      // A page that polls (store's "updated … ago", music's library) is never idle: at most
      // `idleWaitMs` (waiting for "networkidle" failed T6 after 30 s).
      if (idleWaitMs > 0) await page.waitForLoadState("networkidle", { timeout: idleWaitMs }).catch(() => {});
      const scripts = await page.evaluate(pageScripts, html);
      if ("failed" in scripts)
        throw new Error(`${url}: scripts its HTML names did not load: ${scripts.failed.join(", ")}`);
      results.push({
        url: new URL(url).pathname,
        lcpMs: lcpMs === null ? null : Math.round(/** @type {number} */ (lcpMs)),
        ...scripts,
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
  for (const [i, { name }] of pages.entries()) {
    const p = paint[i];
    log(
      `  T6 ${name}: LCP ${p.lcpMs} ms; JS ${p.jsBytes} bytes: ${p.files} files ${p.fileBytes} (${p.fileTransferBytes} as sent) + inline ${p.inlineBytes}; loaded later, not counted: ${p.laterFiles} files ${p.laterBytes}`,
    );
  }
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
      js: {
        files: paint[i].files,
        fileBytes: paint[i].fileBytes,
        fileTransferBytes: paint[i].fileTransferBytes,
        inlineBytes: paint[i].inlineBytes,
        laterFiles: paint[i].laterFiles,
        laterBytes: paint[i].laterBytes,
      },
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

const kib = (/** @type {number} */ bytes) => Math.round(bytes / 1024);

/**
 * The T6 rows of the benchmark table (one per page).
 * @param {Awaited<ReturnType<typeof measurePages>>} t6
 */
export function pageRows(t6) {
  return t6.pages.map((p) => [
    "T6",
    `${p.name} (${p.path}), ${t6.connections} connections`,
    `${p.perSecond} req/s, p50 ${p.p50} ms, p99 ${p.p99} ms; LCP ${p.lcpMs ?? "—"} ms, JS ${kib(p.jsBytes)} KiB (${p.js.files} files ${kib(p.js.fileBytes)} KiB, ${kib(p.js.fileTransferBytes)} KiB as sent; inline ${kib(p.js.inlineBytes)} KiB)`,
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
  Chromium with an empty cache: Largest Contentful Paint, and the JavaScript it ships: the
  script files its HTML names (\`<script src>\`, not \`nomodule\`), each by its decoded size (what
  the browser parses; "as sent" is their bytes over the wire, gzip from \`next start\`), from the
  browser's Resource Timing entries at \`load\` (which waits for all of them; a named file that
  does not load fails the run), plus the UTF-8 bytes of the HTML's inline scripts (React's flight
  data). Scripts loaded after that (the chunks of other routes that Next's \`<Link>\` prefetches,
  whose number depends on timing) are not counted; the log and the JSON show them apart.
  Anonymous visitors: the pages come from the page cache (docs/decisions/0022-page-cache.md)
  except the first request after each change (a page only older than 10 s is answered while its
  successor renders); the log counts each round's answers by \`x-page-cache\`.
  \`BENCH_CPU_PROFILE_DIR=dir\` writes a CPU profile of each \`next start\`.`;
}
