// T8: how much slower store's pages get while catalog is down. An open-loop load at a fixed rate on
// the storefront and a few offer pages, in alternating phases with catalog running and stopped.
// Plain Node ESM, Node built-ins only. Run alone: `npm run bench -- --only t8`.
import { performance } from "node:perf_hooks";

/** @typedef {import("../../tools/suite/src/e2e.mjs").E2ESuite} E2ESuite */
/**
 * @typedef {object} Sample one request of a phase
 * @property {number} ms from its scheduled start to the end of its body
 * @property {number} [status] HTTP status, when a response arrived
 * @property {string} [error] what went wrong, when no response (or no full body) arrived
 */
/**
 * @typedef {object} PhaseStats latencies (ms, nearest rank) of the 2xx responses of a phase
 * @property {number} count requests started on schedule
 * @property {number} errors requests without a (complete) response: refused, reset, timed out
 * @property {number} non2xx responses with a status outside 200–299
 * @property {Record<string, number>} problems the errors and non-2xx statuses, counted by kind
 * @property {number | null} p50
 * @property {number | null} p90
 * @property {number | null} p99
 * @property {number | null} max
 */

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Requests that take longer than this count as errors ("timeout"). */
const REQUEST_TIMEOUT_MS = 30_000;
const SETTLE_MS = 1000;
/** Warm-up: one request at a time for this long, then chunks at the rate until steady (min/max). */
const WARM_UP = { sequentialSeconds: 5, chunkSeconds: 5, minChunks: 4, maxChunks: 6 };
/** Above this share of one core's time (rate × service time), the p99s measure mostly queueing. */
const HIGH_UTILIZATION = 0.7;
/** Offer pages per source, next to the storefront. */
const OFFER_PAGES = { catalog: 3, music: 2 };

/**
 * Nearest-rank percentile of ascending `sorted` (null when empty).
 * @param {number[]} sorted
 * @param {number} p in (0, 100]
 */
function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
}

const round = (/** @type {number | null} */ ms) => (ms === null ? null : Math.round(ms * 10) / 10);

/**
 * @param {Sample[]} samples
 * @returns {PhaseStats}
 */
function summarize(samples) {
  /** @type {Record<string, number>} */
  const problems = {};
  const ok = [];
  let errors = 0;
  let non2xx = 0;
  for (const s of samples) {
    if (s.error !== undefined) {
      errors++;
      problems[s.error] = (problems[s.error] ?? 0) + 1;
    } else if (s.status === undefined || s.status < 200 || s.status > 299) {
      non2xx++;
      problems[`HTTP ${s.status}`] = (problems[`HTTP ${s.status}`] ?? 0) + 1;
    } else {
      ok.push(s.ms);
    }
  }
  ok.sort((a, b) => a - b);
  return {
    count: samples.length,
    errors,
    non2xx,
    problems,
    p50: round(percentile(ok, 50)),
    p90: round(percentile(ok, 90)),
    p99: round(percentile(ok, 99)),
    max: round(percentile(ok, 100)),
  };
}

/**
 * One GET of an HTML page, timed from `scheduledAt` (performance.now()) to the end of its body.
 * @param {string} url
 * @param {number} scheduledAt
 * @returns {Promise<Sample>}
 */
async function timedGet(url, scheduledAt) {
  try {
    const res = await fetch(url, {
      redirect: "manual",
      headers: { accept: "text/html" },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await res.arrayBuffer();
    return { ms: performance.now() - scheduledAt, status: res.status };
  } catch (err) {
    return { ms: performance.now() - scheduledAt, error: errorKind(err) };
  }
}

/** A short, countable name of a fetch failure ("timeout", "ECONNRESET", …). */
function errorKind(/** @type {unknown} */ err) {
  const e = /** @type {{ name?: string, message?: string, cause?: { code?: string, message?: string } }} */ (
    err
  );
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return "timeout";
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}

/**
 * An open-loop load: GETs started every 1000/rate ms for `seconds`, round-robin over `urls`,
 * whether or not earlier ones finished (late timer ticks start the overdue requests at once, and
 * their time still counts from the schedule). Resolves once every request started has ended.
 * @param {string[]} urls
 * @param {number} ratePerSecond
 * @param {number} seconds
 * @returns {Promise<Sample[]>}
 */
async function openLoop(urls, ratePerSecond, seconds) {
  const interval = 1000 / ratePerSecond;
  const total = Math.round(seconds * ratePerSecond);
  const start = performance.now();
  /** @type {Promise<Sample>[]} */
  const inFlight = [];
  while (inFlight.length < total) {
    const now = performance.now();
    while (inFlight.length < total && start + inFlight.length * interval <= now) {
      const i = inFlight.length;
      inFlight.push(timedGet(urls[i % urls.length], start + i * interval));
    }
    if (inFlight.length < total) await sleep(Math.max(0, start + inFlight.length * interval - now));
  }
  return Promise.all(inFlight);
}

/**
 * The pages a shopper loads: the storefront and a few offer pages linked from it (from store's
 * JSON API when the storefront links too few), each checked to answer 200 with HTML. Waits up to
 * 60 s for store to have received its first offers.
 * @param {string} storeUrl
 * @param {(line: string) => void} log
 * @returns {Promise<string[]>}
 */
async function discoverPages(storeUrl, log) {
  /** @type {Record<string, Set<string>>} */
  const found = { catalog: new Set(), music: new Set() };
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(`${storeUrl}/`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const html = await res.text();
    if (res.status !== 200) throw new Error(`store's storefront answered ${res.status}`);
    for (const [, href, source] of html.matchAll(/href="(\/offers\/(catalog|music)\/[^"?#]+)"/g)) {
      found[source].add(href);
    }
    for (const [source, wanted] of Object.entries(OFFER_PAGES)) {
      if (found[source].size >= wanted) continue;
      const api = await fetch(`${storeUrl}/api/offers?source=${source}&limit=${wanted * 2}`);
      if (!api.ok) throw new Error(`store's /api/offers answered ${api.status}`);
      const { items } = /** @type {{ items: { itemId: string }[] }} */ (await api.json());
      for (const { itemId } of items) found[source].add(`/offers/${source}/${encodeURIComponent(itemId)}`);
    }
    if (found.catalog.size > 0 || Date.now() > deadline) break;
    await sleep(1000);
  }
  const candidates = ["/", ...Object.entries(OFFER_PAGES).flatMap(([s, n]) => [...found[s]].slice(0, n))];
  const pages = [];
  for (const page of candidates) {
    const res = await fetch(`${storeUrl}${page}`, { redirect: "manual" });
    const type = res.headers.get("content-type") ?? "";
    await res.arrayBuffer();
    if (res.status === 200 && type.startsWith("text/html")) pages.push(page);
    else log(`  skipping ${page}: ${res.status} ${type}`);
  }
  if (!pages.some((p) => p.startsWith("/offers/catalog/"))) {
    throw new Error("store offers nothing from catalog: no catalog offer page to measure");
  }
  return pages;
}

/**
 * Not counted. First one request at a time (module loading and JIT of a fresh `next start`, without
 * queueing a backlog), whose last half gives store's service time per page; then chunks at the rate
 * until store keeps up steadily: a chunk's p50 and p90 within 1.25× (+5 ms) of the previous one's,
 * and its p50 at most 4 service times (no standing backlog).
 * @param {string[]} urls
 * @param {number} ratePerSecond
 * @param {(line: string) => void} log
 * @param {typeof WARM_UP} [limits]
 * @returns {Promise<number | null>} the median service time (ms) of a page, one request at a time
 */
async function warmUp(urls, ratePerSecond, log, limits = WARM_UP) {
  /** @type {Sample[]} */
  const sequential = [];
  const until = performance.now() + limits.sequentialSeconds * 1000;
  while (performance.now() < until) {
    sequential.push(await timedGet(urls[sequential.length % urls.length], performance.now()));
  }
  const service = summarize(sequential.slice(sequential.length >> 1));
  log(`  warm-up: ${sequential.length} requests one at a time, then p50 ${service.p50} ms each`);
  /** @type {PhaseStats | undefined} */
  let previous;
  for (let chunk = 1; chunk <= limits.maxChunks; chunk++) {
    const stats = summarize(await openLoop(urls, ratePerSecond, limits.chunkSeconds));
    log(`  warm-up ${chunk} at ${ratePerSecond}/s: p50 ${stats.p50} p90 ${stats.p90} p99 ${stats.p99} ms`);
    const close = (/** @type {number | null} */ a, /** @type {number | null} */ b) =>
      a !== null && b !== null && a <= b * 1.25 + 5 && b <= a * 1.25 + 5;
    const noBacklog = service.p50 !== null && stats.p50 !== null && stats.p50 <= 4 * service.p50;
    if (
      chunk >= limits.minChunks &&
      previous &&
      noBacklog &&
      close(stats.p50, previous.p50) &&
      close(stats.p90, previous.p90)
    ) {
      return service.p50;
    }
    previous = stats;
  }
  log(`  warm-up: store did not settle within ${limits.maxChunks * limits.chunkSeconds}s; measuring anyway`);
  return service.p50;
}

/**
 * T8: a store page's p99 with catalog stopped ÷ with catalog running, at a fixed request rate.
 *
 * Open-loop GETs of the storefront and a few offer pages (HTML only), after a warm-up, in `rounds`
 * pairs of phases, catalog up and catalog stopped (SIGTERM), in ABBA order (up-down, down-up, …);
 * catalog is left running. Stop/start transitions are not measured: each phase begins 1 s after
 * the stop/start resolved, and ends once its last request ended. Latencies in ms over the 2xx
 * responses; errors and non-2xx responses are counted apart.
 *
 * @param {object} options
 * @param {E2ESuite} options.suite an already started suite (built, seeded); the caller stops it
 * @param {number} options.ratePerSecond requests started per second
 * @param {number} options.phaseSeconds length of each phase
 * @param {number} options.rounds pairs of phases (one up, one down)
 * @param {(line: string) => void} [options.log] progress lines
 * @param {Partial<typeof WARM_UP>} [options.warmUp] shorter warm-ups (the smoke run checks that it works, not how fast)
 * @returns {Promise<{ pages: string[], ratePerSecond: number, phaseSeconds: number, rounds: number,
 *   up: PhaseStats, down: PhaseStats, ratio: number | null, serviceMs: number | null,
 *   utilization: number | null, phases: ({ catalog: "up" | "down", round: number } & PhaseStats)[] }>}
 *   (serviceMs: a page's median time one request at a time, warm; utilization: rate × serviceMs)
 */
export async function measureStoreLatencyWithCatalogDown({
  suite,
  ratePerSecond,
  phaseSeconds,
  rounds,
  log = () => {},
  warmUp: warmUpLimits = {},
}) {
  if (!(ratePerSecond > 0 && phaseSeconds > 0 && rounds >= 1)) {
    throw new Error("measureStoreLatencyWithCatalogDown: ratePerSecond, phaseSeconds and rounds must be > 0");
  }
  const storeUrl = suite.urls.store;
  const pages = await discoverPages(storeUrl, log);
  const urls = pages.map((p) => `${storeUrl}${p}`);
  log(`T8 store latency: ${pages.length} pages (${pages.join(", ")}) at ${ratePerSecond}/s`);

  const serviceMs = await warmUp(urls, ratePerSecond, log, { ...WARM_UP, ...warmUpLimits });
  const utilization =
    serviceMs === null ? null : Math.round(((ratePerSecond * serviceMs) / 1000) * 100) / 100;
  if (utilization !== null && utilization > HIGH_UTILIZATION) {
    log(
      `  warning: ${ratePerSecond}/s × ${serviceMs} ms per page keeps store ~${Math.round(utilization * 100)}% ` +
        "busy: its p99s will mostly measure queueing (and whatever else runs on this machine)",
    );
  }
  await sleep(SETTLE_MS);

  /** @type {{ up: Sample[], down: Sample[] }} */
  const all = { up: [], down: [] };
  const phases = [];
  let catalogUp = true;
  try {
    for (let round = 1; round <= rounds; round++) {
      // ABBA: up-down, then down-up, so that neither state always runs first in a round.
      const order = /** @type {const} */ (round % 2 === 1 ? ["up", "down"] : ["down", "up"]);
      for (const catalog of order) {
        if (catalog === "down" && catalogUp) {
          await suite.stopSystem("catalog");
          catalogUp = false;
          await sleep(SETTLE_MS);
        }
        if (catalog === "up" && !catalogUp) {
          await suite.startSystem("catalog");
          catalogUp = true;
          await sleep(SETTLE_MS);
        }
        log(`  round ${round}/${rounds}, catalog ${catalog}: ${phaseSeconds}s at ${ratePerSecond}/s …`);
        const samples = await openLoop(urls, ratePerSecond, phaseSeconds);
        all[catalog].push(...samples);
        const stats = summarize(samples);
        phases.push({ catalog, round, ...stats });
        log(
          `    ${stats.count} requests, p50 ${stats.p50} p90 ${stats.p90} p99 ${stats.p99} max ${stats.max} ms, ` +
            `${stats.errors} errors, ${stats.non2xx} non-2xx${formatProblems(stats.problems)}`,
        );
      }
    }
  } finally {
    if (!catalogUp) await suite.startSystem("catalog");
  }

  const up = summarize(all.up);
  const down = summarize(all.down);
  const ratio = up.p99 && down.p99 !== null ? Math.round((down.p99 / up.p99) * 100) / 100 : null;
  log(`  T8: p99 ${down.p99} ms (catalog down) ÷ ${up.p99} ms (catalog up) = ${ratio}`);
  return { pages, ratePerSecond, phaseSeconds, rounds, up, down, ratio, serviceMs, utilization, phases };
}

function formatProblems(/** @type {Record<string, number>} */ problems) {
  const entries = Object.entries(problems);
  return entries.length ? ` (${entries.map(([k, n]) => `${k}: ${n}`).join(", ")})` : "";
}
