// Resync at scale: catalog holds `items` products (seeded through its own write path, their events
// long published); store's offers are wiped and store restarted, so it asks catalog to re-publish
// everything (store.resync.requested). Measured: how long catalog's paged resync job takes, when
// store's copies equal catalog's products again, and the latency of catalog's pages meanwhile
// (open loop at a fixed rate), against the same pages while nothing happens.
// Plain Node ESM (better-sqlite3 from node_modules, to read the databases from outside). Run:
// `npm run bench -- --only resync` (20,000 products); `npm run bench -- --smoke` runs it at 2,000.
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { startE2ESuite } from "../../tools/suite/src/e2e.mjs";
import { ROOT_DIR } from "../../tools/suite/src/process.mjs";
import { ensureSessionKeys, generateSessionKeys } from "../../tools/suite/src/secrets.mjs";
import { percentile } from "./bench-stats.mjs";

/**
 * Opens a SQLite file with better-sqlite3 (shared/messaging's), loaded on the first call: `npm run
 * bench` imports this module before it has run npm install on a fresh clone.
 * @param {string} file
 * @param {object} [options]
 */
function openDatabase(file, options) {
  const Database = createRequire(path.join(ROOT_DIR, "shared/messaging/package.json"))("better-sqlite3");
  return new Database(file, options);
}

/** The job catalog's runner works off (systems/catalog/src/messaging/republish.ts). */
const PRODUCTS_RESYNC = "catalog.products";
const REQUEST_TIMEOUT_MS = 30_000;
/** The target of issue 9: catalog's pages keep their p99 under this while a resync runs. */
export const RESYNC_P99_TARGET_MS = 100;

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));
const round1 = (/** @type {number} */ x) => Math.round(x * 10) / 10;

/**
 * @typedef {{ url: string, at: number, ms: number, status?: number, error?: string }} Sample
 *   at: when the request was due (epoch ms); ms: from then to the end of its body
 */

/** GET of an HTML page, timed from when it was due. @returns {Promise<Sample>} */
async function timedGet(/** @type {string} */ url, /** @type {number} */ dueAt) {
  const at = performance.timeOrigin + dueAt;
  try {
    const res = await fetch(url, {
      redirect: "manual",
      headers: { accept: "text/html" },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await res.arrayBuffer();
    return { url, at, ms: performance.now() - dueAt, status: res.status };
  } catch (err) {
    const e = /** @type {{ name?: string, cause?: { code?: string }, message?: string }} */ (err);
    const error = e?.name === "TimeoutError" ? "timeout" : (e?.cause?.code ?? e?.message ?? String(err));
    return { url, at, ms: performance.now() - dueAt, error };
  }
}

/**
 * An open-loop load on `urls` (round robin) at `ratePerSecond` until `stop()`: requests start on
 * schedule whether or not earlier ones ended (a late timer starts the overdue ones at once, and
 * their time still counts from their schedule). `stop()` resolves with every sample.
 */
function openLoop(/** @type {string[]} */ urls, /** @type {number} */ ratePerSecond) {
  const interval = 1000 / ratePerSecond;
  const start = performance.now();
  /** @type {Promise<Sample>[]} */
  const started = [];
  let stopped = false;
  const running = (async () => {
    while (!stopped) {
      const now = performance.now();
      while (start + started.length * interval <= now) {
        const i = started.length;
        started.push(timedGet(/** @type {string} */ (urls[i % urls.length]), start + i * interval));
      }
      await sleep(Math.max(0, start + started.length * interval - performance.now()));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await running;
      return Promise.all(started);
    },
  };
}

/** Latencies (ms) of the 2xx answers; errors and other statuses counted apart. */
function summarize(/** @type {Sample[]} */ samples) {
  const ok = samples.filter((s) => s.error === undefined && s.status !== undefined && s.status < 300);
  const ms = ok.map((s) => s.ms);
  const stat = (/** @type {number} */ p) => (ms.length ? round1(percentile(ms, p)) : null);
  return {
    count: samples.length,
    errors: samples.filter((s) => s.error !== undefined).length,
    non2xx: samples.length - ok.length - samples.filter((s) => s.error !== undefined).length,
    p50: stat(50),
    p90: stat(90),
    p99: stat(99),
    max: stat(100),
  };
}

/** The kind of a catalog page of the load: a category listing or a product page. */
const kindOf = (/** @type {string} */ url) =>
  new URL(url).pathname === "/products" ? "category listing" : "product page";

/** `summarize` per kind of page. */
function byKind(/** @type {Sample[]} */ samples) {
  /** @type {Record<string, Sample[]>} */
  const groups = {};
  for (const sample of samples) {
    const kind = kindOf(sample.url);
    const group = groups[kind] ?? [];
    group.push(sample);
    groups[kind] = group;
  }
  return Object.fromEntries(Object.entries(groups).map(([kind, group]) => [kind, summarize(group)]));
}

const formatKinds = (/** @type {Record<string, { p50: number | null, p99: number | null }>} */ kinds) =>
  Object.entries(kinds)
    .map(([kind, s]) => `${kind} p50 ${s.p50} p99 ${s.p99}`)
    .join("; ");

/**
 * catalog's event-loop delay since the previous call (prom-client resets its histogram at every
 * scrape of /api/metrics): the longest and the p99 stall, in ms; null when not exposed.
 */
async function catalogLoopDelay(/** @type {string} */ catalogUrl) {
  try {
    const text = await (await fetch(`${catalogUrl}/api/metrics`)).text();
    const read = (/** @type {string} */ name) => {
      const match = text.match(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, "m"));
      return match ? round1(Number(match[1]) * 1000) : null;
    };
    return {
      maxMs: read("nodejs_eventloop_lag_max_seconds"),
      p99Ms: read("nodejs_eventloop_lag_p99_seconds"),
    };
  } catch {
    return { maxMs: null, p99Ms: null };
  }
}

/** Runs a TypeScript script of a system with tsx; resolves its stdout, rejects with its output. */
function runScript(
  /** @type {string} */ system,
  /** @type {string[]} */ args,
  /** @type {object} */ env,
  logFile,
) {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(logFile, { flags: "a" });
    const child = spawn(process.execPath, ["--import", "tsx", ...args], {
      cwd: path.join(ROOT_DIR, "systems", system),
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      log.write(chunk);
    });
    child.stderr.pipe(log);
    child.on("error", reject);
    child.on("exit", (code) => {
      log.end();
      if (code === 0) resolve(out);
      else reject(new Error(`${args.join(" ")} failed (exit ${code}); see ${logFile}`));
    });
  });
}

/** catalog's products as store should hold them: id → "version|removed|title|price|stock". */
function catalogState(/** @type {string} */ file) {
  const db = openDatabase(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        "select id, version, deleted_at is not null as removed, title, price_cents, stock from products",
      )
      .all();
    return new Map(
      rows.map((/** @type {any} */ r) => [
        r.id,
        r.removed ? `${r.version}|removed` : `${r.version}|${r.title}|${r.price_cents}|${r.stock}`,
      ]),
    );
  } finally {
    db.close();
  }
}

/** What store holds of catalog, in the same form; a cheap count and version sum to poll first. */
function storeCopies(/** @type {string} */ file) {
  const db = openDatabase(file, { readonly: true, fileMustExist: true });
  try {
    const totals = /** @type {{ n: number, v: number }} */ (
      db
        .prepare("select count(*) as n, coalesce(sum(version), 0) as v from offers where source = 'catalog'")
        .get()
    );
    return {
      totals,
      rows: () =>
        new Map(
          db
            .prepare(
              "select item_id, version, removed, title, price_cents, stock from offers where source = 'catalog'",
            )
            .all()
            .map((/** @type {any} */ r) => [
              r.item_id,
              r.removed ? `${r.version}|removed` : `${r.version}|${r.title}|${r.price_cents}|${r.stock}`,
            ]),
        ),
      close: () => db.close(),
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Polls (every 100 ms) until store's copies of catalog equal catalog's products; resolves when (epoch ms). */
async function awaitEqualCopies(
  /** @type {string} */ storeFile,
  /** @type {Map<string, string>} */ expected,
  /** @type {number} */ timeoutMs,
) {
  let versionSum = 0;
  for (const value of expected.values()) versionSum += Number(value.split("|")[0]);
  const deadline = Date.now() + timeoutMs;
  let last = "nothing read yet";
  for (;;) {
    const checkedAt = Date.now();
    try {
      const copies = storeCopies(storeFile);
      try {
        last = `${copies.totals.n} of ${expected.size} copies`;
        if (copies.totals.n === expected.size && copies.totals.v === versionSum) {
          const held = copies.rows();
          const differing = [...expected].filter(([id, state]) => held.get(id) !== state);
          if (differing.length === 0) return checkedAt;
          last = `${differing.length} copies differ, e.g. ${JSON.stringify(differing[0])} vs ${held.get(differing[0]?.[0] ?? "")}`;
        }
      } finally {
        copies.close();
      }
    } catch (error) {
      last = /** @type {Error} */ (error).message;
    }
    if (Date.now() > deadline)
      throw new Error(`store did not converge within ${timeoutMs / 1000} s: ${last}`);
    await sleep(100);
  }
}

/** catalog's resync job, as its runner left it (undefined for a catalog from before paged resync). */
function resyncJob(/** @type {string} */ catalogFile) {
  const db = openDatabase(catalogFile, { readonly: true, fileMustExist: true });
  try {
    if (!db.prepare("select 1 from sqlite_master where name = 'resync_jobs'").get()) return undefined;
    return /** @type {{ requested_at: number, finished_at: number | null, republished: number, requests: number } | undefined} */ (
      db
        .prepare("select requested_at, finished_at, republished, requests from resync_jobs where name = ?")
        .get(PRODUCTS_RESYNC)
    );
  } finally {
    db.close();
  }
}

/**
 * catalog's database in `dataDir` with `items` products, written through catalog's own write path
 * (their events in its outbox), before the suite starts on that directory.
 * @param {{ workDir: string, dataDir: string, items: number, log?: (line: string) => void }} options
 * @returns {Promise<{ removed: number }>}
 */
export async function seedResyncCatalog({ workDir, dataDir, items, log = () => {} }) {
  mkdirSync(dataDir, { recursive: true });
  ensureSessionKeys(dataDir);
  log(`Resync: seeding catalog with ${items.toLocaleString("en")} products …`);
  return JSON.parse(
    /** @type {string} */ (
      await runScript(
        "catalog",
        ["bench/seed-products.ts", path.join(dataDir, "catalog.sqlite"), String(items)],
        {
          ...process.env,
          DATA_DIR: dataDir,
          SESSION_PUBLIC_JWK: JSON.stringify(generateSessionKeys().publicJwk),
        },
        path.join(workDir, "resync-seed.log"),
      )
    ).trim(),
  );
}

/**
 * @param {object} options
 * @param {string} options.workDir a fresh directory for the data, logs and broker
 * @param {number} options.items products in catalog
 * @param {{ suite: import("../../tools/suite/src/e2e.mjs").E2ESuite, seeded: { removed: number } }} [options.shared]
 *   a running suite whose catalog `seedResyncCatalog` seeded (the smoke run's one suite; left
 *   running); without it, a suite and broker of its own
 * @param {number} options.rounds resyncs measured (store wiped and restarted each time)
 * @param {number} [options.warmUpSeconds] catalog's pages warmed up one at a time, then at the rate, this long each
 * @param {boolean} [options.warmUpRound] a resync before the measured ones, not counted (the smoke
 *   run, which measures nothing, goes without)
 * @param {number} options.ratePerSecond catalog page requests per second (open loop)
 * @param {number} options.idleSeconds the baseline: catalog's pages while nothing happens
 * @param {(line: string) => void} [options.log]
 */
export async function measureResync({
  workDir,
  items,
  shared,
  rounds,
  ratePerSecond,
  idleSeconds,
  warmUpSeconds = 5,
  warmUpRound = true,
  log = () => {},
}) {
  const dataDir = shared?.suite.dataDir ?? path.join(workDir, "resync-suite");
  const seeded = shared?.seeded ?? (await seedResyncCatalog({ workDir, dataDir, items, log }));
  const files = {
    catalog: path.join(dataDir, "catalog.sqlite"),
    store: path.join(dataDir, "store.sqlite"),
  };

  // A broker and suite of its own (not npm test's: E2E_BROKER_JSON is cleared by the caller).
  const suite = shared?.suite ?? (await startE2ESuite({ dataDir, log: () => {} }));
  try {
    const expected = catalogState(files.catalog);
    /** Restarts store, its offers wiped first (then it asks catalog and music to re-publish) or not. */
    const restartStore = async (/** @type {{ wipe: boolean }} */ { wipe }) => {
      await suite.stopSystem("store");
      if (wipe) {
        const db = openDatabase(files.store);
        db.prepare("delete from offers").run();
        db.close();
      }
      const startedAt = Date.now();
      await suite.startSystem("store");
      return startedAt;
    };
    // A warm-up round, not measured. (store also asked at its first start, but on a fresh broker
    // that request can come before catalog's queue is bound to store.events: catalog binds it within
    // a second of store declaring its exchange, and store asks again at its next start.)
    if (warmUpRound) {
      const warmUpStart = await restartStore({ wipe: true });
      const warmUpEqual = await awaitEqualCopies(files.store, expected, 600_000);
      log(
        `Resync: suite up; warm-up round: store's copies equal after ${(warmUpEqual - warmUpStart) / 1000} s`,
      );
    }

    const ids = [...expected].filter(([, s]) => !s.endsWith("|removed")).map(([id]) => id);
    // The load: product pages and category listings, what a shopper mostly opens. The home page and
    // the listing of all goods are timed apart, one at a time: at 20,000 products their queries
    // (counts and a sort over every product) cost ~50-90 ms whatever runs, so at a rate they would
    // measure their own queueing rather than the resync.
    const pages = [
      ...[0.1, 0.5, 0.9].map((f) => `/products/${encodeURIComponent(ids[Math.floor(f * ids.length)] ?? "")}`),
      "/products?category=books",
      "/products?category=outdoor",
    ];
    const urls = pages.map((p) => `${suite.urls.catalog}${p}`);
    const heavyPages = ["/", "/products"];
    for (const url of [...urls, ...heavyPages.map((p) => `${suite.urls.catalog}${p}`)]) {
      const res = await fetch(url, { headers: { accept: "text/html" } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    }
    // Warm-up: one at a time (JIT, caches; the second half gives a page's service time), then at the rate.
    /** @type {Sample[]} */
    const sequential = [];
    const warmUntil = performance.now() + warmUpSeconds * 1000;
    while (performance.now() < warmUntil)
      sequential.push(await timedGet(urls[sequential.length % urls.length] ?? "", performance.now()));
    const serviceMs = summarize(sequential.slice(sequential.length >> 1)).p50;
    /** @type {Record<string, number | null>} */
    const heavyServiceMs = {};
    for (const page of heavyPages) {
      /** @type {Sample[]} */
      const timed = [];
      for (let i = 0; i < 10; i++)
        timed.push(await timedGet(`${suite.urls.catalog}${page}`, performance.now()));
      heavyServiceMs[page] = summarize(timed.slice(5)).p50;
    }
    const utilization = serviceMs === null ? null : Math.round(ratePerSecond * serviceMs) / 1000;
    const warm = openLoop(urls, ratePerSecond);
    await sleep(warmUpSeconds * 1000);
    await warm.stop();

    await catalogLoopDelay(suite.urls.catalog);
    const idleLoad = openLoop(urls, ratePerSecond);
    await sleep(idleSeconds * 1000);
    const idleSamples = await idleLoad.stop();
    const idle = {
      ...summarize(idleSamples),
      pages: byKind(idleSamples),
      loop: await catalogLoopDelay(suite.urls.catalog),
    };
    log(
      `Resync: catalog's pages one at a time: p50 ${serviceMs} ms (at ${ratePerSecond}/s: ~${Math.round((utilization ?? 0) * 100)}% ` +
        `of a core); idle at ${ratePerSecond}/s: p50 ${idle.p50} p99 ${idle.p99} max ${idle.max} ms (${formatKinds(idle.pages)}); ` +
        `catalog's event loop: longest stall ${idle.loop.maxMs} ms; not in the load, one at a time: ` +
        Object.entries(heavyServiceMs)
          .map(([page, ms]) => `${page} p50 ${ms} ms`)
          .join(", "),
    );

    /** @type {Sample[]} */
    const during = [];
    const results = [];
    for (let round = 1; round <= rounds; round++) {
      await catalogLoopDelay(suite.urls.catalog);
      const load = openLoop(urls, ratePerSecond);
      const startedAt = await restartStore({ wipe: true });
      const convergedAt = await awaitEqualCopies(files.store, expected, 600_000);
      const loop = await catalogLoopDelay(suite.urls.catalog);
      const samples = await load.stop();
      const job = resyncJob(files.catalog);
      if (job && (!job.finished_at || job.requested_at < startedAt))
        throw new Error(`catalog's resync job is not the one of this round: ${JSON.stringify(job)}`);
      const within = (/** @type {number} */ from, /** @type {number} */ to) =>
        samples.filter((s) => s.at >= from && s.at <= to);
      // The resync: from the request's arrival in catalog to equal copies in store; its first part
      // while catalog's job runs, the rest while the relay, the broker and store finish. (A catalog
      // from before paged resync keeps no job: then from store's restart.)
      const from = job ? job.requested_at : startedAt;
      const inWindow = within(from, convergedAt);
      during.push(...inWindow);
      const stats = summarize(inWindow);
      const passMs = job?.finished_at ? job.finished_at - job.requested_at : null;
      const result = {
        round,
        republished: job?.republished ?? null,
        requests: job?.requests ?? null,
        catalogPassMs: passMs,
        itemsPerSecond:
          job && passMs !== null
            ? Math.round(job.republished / (Math.max(1, passMs) / 1000))
            : Math.round(items / ((convergedAt - startedAt) / 1000)),
        requestAfterStartMs: from - startedAt,
        convergedMs: convergedAt - from,
        ...stats,
        pages: byKind(inWindow),
        loop,
        sinceRestart: summarize(within(startedAt, convergedAt)),
        /** The machine's load average over the last minute, at the round's end (other work shares it). */
        loadAverage: round1(os.loadavg()[0] ?? 0),
        whileJobRuns: job?.finished_at ? summarize(within(job.requested_at, job.finished_at)) : null,
        afterJob: job?.finished_at ? summarize(within(job.finished_at, convergedAt)) : null,
      };
      results.push(result);
      log(
        `Resync round ${round}/${rounds}: ` +
          (job
            ? `catalog re-published ${job.republished} items in ${passMs} ms (${result.itemsPerSecond} items/s); `
            : `(no resync job: a catalog from before paged resync) `) +
          `store equal after ${result.convergedMs} ms; catalog pages meanwhile: ` +
          `${stats.count} requests, p50 ${stats.p50} p90 ${stats.p90} p99 ${stats.p99} max ${stats.max} ms ` +
          `(while its job ran: p99 ${result.whileJobRuns?.p99} of ${result.whileJobRuns?.count}; after: p99 ` +
          `${result.afterJob?.p99} of ${result.afterJob?.count}; since store's restart: p99 ${result.sinceRestart.p99}; ` +
          `${formatKinds(result.pages)}), ${stats.errors} errors, ${stats.non2xx} non-2xx; ` +
          `catalog's event loop over the round: longest stall ${loop.maxMs} ms; load average ${result.loadAverage}`,
      );
    }
    const median = (/** @type {number[]} */ xs) => Math.round(percentile(xs, 50));
    // The control: store restarted the same way but holding its copies (no resync), catalog's pages
    // over the same stretch of time after store's start: what the restart and the machine cost.
    await catalogLoopDelay(suite.urls.catalog);
    const controlLoad = openLoop(urls, ratePerSecond);
    const controlStart = await restartStore({ wipe: false });
    const offset = median(results.map((r) => r.requestAfterStartMs));
    const length = median(results.map((r) => r.convergedMs));
    await sleep(Math.max(0, controlStart + offset + length - Date.now()));
    const controlLoop = await catalogLoopDelay(suite.urls.catalog);
    const controlSamples = (await controlLoad.stop()).filter(
      (s) => s.at >= controlStart + offset && s.at <= controlStart + offset + length,
    );
    const control = { ...summarize(controlSamples), pages: byKind(controlSamples), loop: controlLoop };
    log(
      `Resync control (store restarted without a wipe, same stretch): p50 ${control.p50} p99 ${control.p99} ` +
        `max ${control.max} ms over ${control.count} requests (${formatKinds(control.pages)}); ` +
        `catalog's event loop: longest stall ${controlLoop.maxMs} ms`,
    );
    const all = { ...summarize(during), pages: byKind(during) };
    return {
      items,
      removed: seeded.removed,
      rounds,
      ratePerSecond,
      pages,
      serviceMs,
      heavyServiceMs,
      utilization,
      idle,
      control,
      during: all,
      catalogPassMs: median(results.map((r) => r.catalogPassMs ?? Number.NaN)),
      itemsPerSecond: median(results.map((r) => r.itemsPerSecond)),
      convergedMs: median(results.map((r) => r.convergedMs)),
      results,
      met: all.p99 !== null && all.p99 < RESYNC_P99_TARGET_MS && all.errors + all.non2xx === 0,
    };
  } finally {
    if (!shared) await suite.stop();
  }
}
