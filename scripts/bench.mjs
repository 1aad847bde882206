// `npm run bench`: the benchmark suite of ARCHITECTURE.md "Targets", every figure a ratio against a
// baseline measured in the same run on the same broker and machine:
//   T1 replication throughput catalog→store ÷ two baselines (scripts/lib/bench-throughput.mjs):
//      tuned plain amqplib with the same persistence, and the broker alone (no database)
//   T2 replication lag (commit in catalog → commit in store) at 5,000 writes/s for 60 s, and the
//      same schedule through the tuned baseline and the broker alone (publish → consume)
//   T4 draining a 100,000-event backlog ÷ the same two baselines draining as many messages
//   T6 a page's requests/s ÷ store's /icon.svg requests/s, 32 connections (bench-pages.mjs)
//   T8 a store page's p99 with catalog stopped ÷ with catalog running, at a fixed request rate
// Repeated measurements alternate in ABBA order; each figure is reported as the median with its
// interquartile range, so that a regression larger than the spread stands out.
// Prints the table and writes it, with the raw figures as JSON, to docs/benchmarks.md, and the
// table into the README between its bench-table markers.
// On demand only (`--only t3`): T3, store keeps up with catalog writing at its full write-only rate
// for 60 s, and the most any client could reach here: the baselines at full speed while a process
// keeps the writer's share of a core busy (scripts/lib/bench-replication.mjs).
// On demand only (`--only resync`): R1, catalog's pages while it answers a resync of 20,000
// products, until store's copies are equal again (scripts/lib/bench-resync.mjs); `--only signin`:
// S1, a correct sign-in while one client floods 200 wrong ones (scripts/lib/bench-signin.mjs).
// On demand only (`--only restart`): 50 requests/s through the front door for 60 s while each
// system is replaced with zero downtime, twice (away and home); failed requests, lost and duplicated events
// (scripts/lib/bench-restart.mjs).
// `--smoke` (run by `npm test`) runs all of them (restart has its e2e journey) with tiny sizes and
// short warm-ups on one suite, and writes nothing to docs/. It measures nothing, so it overlaps
// what a full run keeps apart: the suite starts while T1–T4 run, and S1 runs beside T8. Every run
// prints each benchmark's wall-clock time.
// Plain Node ESM, Node built-ins only.
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { VHOST } from "../shared/contracts/src/names.mjs";
import { adminAmqpUrl } from "../tools/suite/src/broker/credentials.mjs";
import { ensureRabbitmqInstalled, RABBITMQCTL, startPrivateBroker } from "../tools/suite/src/broker/node.mjs";
import { provisionBroker } from "../tools/suite/src/broker/provision.mjs";
import { startE2ESuite } from "../tools/suite/src/e2e.mjs";
import { findFreePorts } from "../tools/suite/src/ports.mjs";
import { ROOT_DIR, runCommand, seconds } from "../tools/suite/src/process.mjs";
import { generateSessionKeys } from "../tools/suite/src/secrets.mjs";
import { ensureDependencies } from "../tools/suite/src/setup.mjs";
import { measurePages, pageNotes, pageRows } from "./lib/bench-pages.mjs";
import { MAX_P99_RISE_MS, measureKeepUp, T3_TARGET_RATIO } from "./lib/bench-replication.mjs";
import { measureRestarts } from "./lib/bench-restart.mjs";
import { measureResync, RESYNC_P99_TARGET_MS, seedResyncCatalog } from "./lib/bench-resync.mjs";
import { measureSignIn, SIGNIN_P95_TARGET_MS } from "./lib/bench-signin.mjs";
import { lagProfile, spread, withSpread } from "./lib/bench-stats.mjs";
import { measureStoreLatencyWithCatalogDown } from "./lib/bench-store-latency.mjs";
import {
  BASELINES,
  backlogDrain,
  baselineLag,
  RAW_PUBLISH_WINDOW,
  ROUTED_BASELINES,
  replicationThroughput,
} from "./lib/bench-throughput.mjs";
import { startWorker } from "./lib/bench-worker.mjs";

const smoke = process.argv.includes("--smoke");
const ALL = ["t1", "t2", "t4", "t6", "t8"];
/** Run only when named (`--only resync`), and by the smoke run. */
const ON_DEMAND = ["t3", "resync", "signin"];
/** Run only when named: `--only restart` (scripts/lib/bench-restart.mjs; its short version is an e2e journey). */
const NAMED_ONLY = ["restart"];
// `--only t1,t4` runs some of them (docs/benchmarks.md is written only by a full run).
const onlyArg = process.argv.indexOf("--only");
const only =
  onlyArg > 0
    ? (process.argv[onlyArg + 1] ?? "")
        .split(",")
        .filter((t) => [...ALL, ...ON_DEMAND, ...NAMED_ONLY].includes(t))
    : smoke
      ? [...ALL, ...ON_DEMAND]
      : ALL;
// The smoke's T1 and T4 send more than a consumer's prefetch (1,000): all of 1,000 could arrive as
// one batch, stamped with one time, and a rate over a span of 0 is Infinity (CI, 2 December, at
// load 29: "t1 bare broker produced no figure").
const SIZES = smoke
  ? { products: 20, t1Events: 1_500, t1Rounds: 1, t2Rate: 200, t2Seconds: 3, t4Events: 2_000, t4Rounds: 1 }
  : {
      products: 100,
      t1Events: 20_000,
      t1Rounds: 8,
      t2Rate: 5_000,
      t2Seconds: 60,
      t4Events: 100_000,
      t4Rounds: 4,
    };
const T3 = smoke
  ? { measureSeconds: 1, seconds: 3, bound: { events: 1_500, rounds: 1 } }
  : { measureSeconds: 10, seconds: 60, bound: { events: 20_000, rounds: 4 } };
const T6 = smoke
  ? { connections: 4, seconds: 0.5, rounds: 1, warmUpSeconds: 0.25, idleWaitMs: 0 }
  : { connections: 32, seconds: 10, rounds: 4 };
const T8 = smoke
  ? {
      ratePerSecond: 10,
      phaseSeconds: 1,
      rounds: 1,
      warmUp: { sequentialSeconds: 1, chunkSeconds: 1, minChunks: 1, maxChunks: 1 },
    }
  : { ratePerSecond: 20, phaseSeconds: 30, rounds: 4 };
// R1's rate keeps catalog's page load moderate (~15-25% of a core one at a time at 20,000 products).
const RESYNC = smoke
  ? { items: 500, rounds: 1, ratePerSecond: 10, idleSeconds: 1, warmUpSeconds: 1, warmUpRound: false }
  : { items: 20_000, rounds: 5, ratePerSecond: 5, idleSeconds: 20 };

/** The process environment (variables of the operator, not inputs of any turbo task). */
const ENV = process.env;
const started = Date.now();
const log = (line) => console.log(line);
const workDir = path.join(ROOT_DIR, ".test-data", `bench-${process.pid}`);
/** Set when a measurement found something to look into: the work directory (logs) is kept. */
let keepLogs = false;
const round2 = (x) => Math.round(x * 100) / 100;

/** Everything this run started, stopped in reverse order on exit or Ctrl-C. */
const running = [];
async function stopAll() {
  while (running.length > 0)
    await running
      .pop()()
      .catch((error) => console.error(error.message));
}
for (const signal of ["SIGINT", "SIGTERM"])
  process.once(signal, () => {
    log(`\n${signal} received: stopping.`);
    printLogTails();
    void stopAll().finally(() => process.exit(130));
  });

/**
 * The last lines of every log this run wrote (its workers', the suites' systems and brokers'):
 * printed when it fails or is stopped, since CI keeps only what was printed.
 */
function printLogTails(lines = 12) {
  const logs = existsSync(workDir)
    ? readdirSync(workDir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".log"))
    : [];
  for (const file of logs.sort()) {
    const text = readFileSync(path.join(workDir, file), "utf8").trimEnd();
    if (text) log(`── ${file} (last lines)\n${text.split("\n").slice(-lines).join("\n")}`);
  }
}

async function startBroker() {
  const [amqpPort, managementPort, distPort, epmdPort] = await findFreePorts(4);
  const broker = await startPrivateBroker({
    baseDir: path.join(workDir, "rabbitmq"),
    amqpPort,
    managementPort,
    distPort,
    epmdPort,
    log: () => {},
  });
  running.push(() => broker.stop());
  await provisionBroker({
    managementUrl: broker.managementUrl,
    adminUser: broker.adminUser,
    adminPassword: broker.adminPassword,
    credentials: broker.credentials,
  });
  return broker;
}

/** The installed RabbitMQ's version (for the record), asked while the run starts. */
function rabbitmqVersion() {
  return new Promise((resolve) =>
    execFile(RABBITMQCTL, ["version"], { encoding: "utf8", timeout: 60_000 }, (error, stdout) =>
      resolve(error ? "unknown" : stdout.trim()),
    ),
  );
}

function worker(name, system, script, args) {
  const cwd = system ? path.join(ROOT_DIR, "systems", system) : ROOT_DIR;
  const w = startWorker({
    name,
    cwd,
    script,
    args,
    logFile: path.join(workDir, `${name}.log`),
    env: {
      ...ENV,
      // catalog's and store's configuration schema requires the sessions' public key.
      SESSION_PUBLIC_JWK: JSON.stringify(generateSessionKeys().publicJwk),
      DATA_DIR: workDir,
    },
  });
  running.push(() => w.stop());
  return w;
}

const RAW_SCRIPT = path.join(ROOT_DIR, "shared/testing/src/bench/raw-baseline.ts");

// S1's samples per kind of user (returning, new), quiet and under the flood.
const SIGNIN = smoke ? { quiet: 1, flooded: 1, floodSize: 20 } : { quiet: 10, flooded: 20, floodSize: 200 };

/** The messaging benchmarks' processes: catalog and store (the suite), the baselines' publisher and consumers. */
async function startMessagingLab(broker) {
  const adminUrl = adminAmqpUrl({
    user: broker.adminUser,
    password: broker.adminPassword,
    port: broker.amqpPort,
    vhost: VHOST,
  });
  const files = {
    catalog: path.join(workDir, "catalog.sqlite"),
    store: path.join(workDir, "store.sqlite"),
    raw: path.join(workDir, "raw.sqlite"),
  };
  const lab = {
    startStore: (name = "store") =>
      worker(name, "store", "bench/replica.ts", [broker.brokerUrls.store, files.store]),
    startConsumer: (kind, name = `${kind}-consumer`) =>
      worker(name, null, RAW_SCRIPT, ["consumer", adminUrl, kind, ...(kind === "tuned" ? [files.raw] : [])]),
  };
  lab.store = lab.startStore();
  lab.catalog = worker("catalog", "catalog", "bench/owner.ts", [broker.brokerUrls.catalog, files.catalog]);
  lab.rawPublisher = worker("raw-publisher", null, RAW_SCRIPT, ["publisher", adminUrl]);
  lab.consumers = Object.fromEntries(BASELINES.map((kind) => [kind, lab.startConsumer(kind)]));
  await Promise.all([lab.store.call("ready"), lab.catalog.call("connect")]);
  const products = await lab.catalog.call("createProducts", { count: SIZES.products });
  await lab.store.call("awaitApplied", { count: products.length, timeoutMs: 60_000 });
  lab.body = await lab.catalog.call("sampleEventBody");
  log(`Set up: ${products.length} products replicated; events of ${Buffer.byteLength(lab.body)} bytes.`);
  return lab;
}

/**
 * How many files the broker's quorum-queue write-ahead log has had since the node started: each
 * one after the first is a rollover, which holds deliveries back for a moment (decision 0026).
 * Ra numbers them in sequence (00000001.wal, …) and deletes each once written to segments, so
 * the newest file's number is the count: read from the node's data directory, not asked through
 * `rabbitmqctl eval`, an Erlang VM of its own that took over 30 s to answer on a busy machine.
 */
function quorumWalFiles(broker) {
  const dir = path.join(broker.env.RABBITMQ_MNESIA_BASE, broker.nodeName, "quorum", broker.nodeName);
  const numbers = readdirSync(dir)
    .filter((file) => /^\d+\.wal$/.test(file))
    .map((file) => Number.parseInt(file, 10));
  if (numbers.length === 0) throw new Error(`no quorum write-ahead log in ${dir}`);
  return Math.max(...numbers);
}

/**
 * T2: a fixed write rate; the lag of every write, from catalog's commit to store's commit. Then
 * the same schedule through the tuned baseline and the broker alone, each message's lag from its
 * publish to its consume: what this broker and machine give at that rate to a client that does
 * less than the suite (no outbox, no inbox, no handler).
 */
async function replicationLag(lab, broker) {
  const { catalog, store } = lab;
  await store.call("reset");
  log(`T2: ${SIZES.t2Rate} writes/s for ${SIZES.t2Seconds} s …`);
  const walFilesBefore = quorumWalFiles(broker);
  const paced = await catalog.call("paced", { perSecond: SIZES.t2Rate, seconds: SIZES.t2Seconds });
  const { applied } = await store.call("awaitApplied", {
    count: paced.commits.length,
    timeoutMs: 600_000,
    withKeys: true,
  });
  const t2 = {
    rate: SIZES.t2Rate,
    seconds: SIZES.t2Seconds,
    writes: paced.commits.length,
    achievedRate: Math.round(paced.commits.length / paced.seconds),
    walRollovers: quorumWalFiles(broker) - walFilesBefore,
    ...lagProfile(paced.commits, applied, SIZES.t2Seconds),
  };
  const slowest = [...t2.perSecond].sort((a, b) => b.p99 - a.p99).slice(0, 3);
  log(`T2: p50 ${t2.p50} ms, p99 ${t2.p99} ms, max ${t2.max} ms; p99 rise over the run ${t2.p99RiseMs} ms`);
  log(
    `T2: the broker's quorum WAL rolled over ${t2.walRollovers} times; the slowest seconds (p99): ${slowest.map((s) => `${s.second} s ${s.p99} ms`).join(", ")}`,
  );
  t2.baselines = {};
  for (const kind of ROUTED_BASELINES) {
    const walFiles = quorumWalFiles(broker);
    const { perSecond, ...lag } = await baselineLag(lab, kind, SIZES.t2Rate, SIZES.t2Seconds);
    t2.baselines[kind] = {
      ...lag,
      walRollovers: quorumWalFiles(broker) - walFiles,
      perSecondP99: spread(perSecond.map((x) => x.p99)),
    };
    log(
      `T2 ${kind} baseline: ${lag.achievedRate} msg/s; p50 ${lag.p50} ms, p99 ${lag.p99} ms, max ${lag.max} ms; ` +
        `the quorum WAL rolled over ${t2.baselines[kind].walRollovers} times`,
    );
  }
  return t2;
}

let built = false;
/** The production builds of the three systems (a cache hit when nothing changed), once per run. */
async function buildSystems(name) {
  if (built) return;
  log(`${name}: building the systems (a cache hit when nothing changed) …`);
  const buildStart = Date.now();
  const code = await runCommand(path.join(ROOT_DIR, "node_modules/.bin/turbo"), [
    "run",
    "build",
    "--filter=./systems/*",
    "--output-logs=errors-only",
  ]);
  if (code !== 0) throw new Error(`the build failed (exit ${code})`);
  log(`${name}: built in ${seconds(buildStart)}`);
  built = true;
  // Not the test broker of `npm test` (E2E_BROKER_JSON): these suites get a broker of their own.
  delete ENV.E2E_BROKER_JSON;
}

/**
 * The smoke run's one suite for T6, T8, S1 and R1 (R1's products seeded before it starts): every
 * suite start is a broker, three `next start`s and their seeds, and the smoke only checks that each
 * benchmark works. A full run gives each benchmark a suite of its own, so that none measures what
 * another left behind (R1's 20,000 products, S1's flood).
 * @type {Promise<{ suite: import("../tools/suite/src/e2e.mjs").E2ESuite, seeded: { removed: number } | null }> | undefined}
 */
let smokeSuite;
/** Its start takes about a minute on two busy cores (T1-T4, and npm test's other stages, beside it). */
const SMOKE_SUITE_START_S = 300;

/** `promise`, or an error after `limitS` seconds (the work it stands for is left to stopAll and exit). */
function withDeadline(promise, limitS, what) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${limitS} s`)), limitS * 1000);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function startSmokeSuite() {
  smokeSuite ??= (async () => {
    const dataDir = path.join(workDir, "suite");
    const t0 = Date.now();
    // R1's products need catalog's sources, not its build: both at once.
    const [, seeded] = await Promise.all([
      buildSystems("smoke"),
      only.includes("resync")
        ? seedResyncCatalog({ workDir, dataDir, items: RESYNC.items, log }).then((seeded) => {
            log(`Smoke: ${RESYNC.items} products seeded for R1 (${seconds(t0)})`);
            return seeded;
          })
        : null,
    ]);
    log("Smoke: one suite for the page, sign-in and resync benchmarks …");
    const suite = await withDeadline(
      startE2ESuite({ dataDir, log: (line) => log(`  smoke suite: ${line.trim()}`) }),
      SMOKE_SUITE_START_S,
      "the smoke run's suite did not start",
    );
    running.push(() => suite.stop());
    log(`Smoke: the suite is up (${seconds(t0)} since the build began)`);
    return { suite, seeded };
  })();
  return smokeSuite;
}

/** Runs `measure` on the built, seeded suite: the smoke run's shared one, or one of its own. */
async function onSuite(name, measure) {
  if (smoke) return measure((await startSmokeSuite()).suite);
  await buildSystems(name);
  const suite = await startE2ESuite({ dataDir: path.join(workDir, name.toLowerCase()), log: () => {} });
  running.push(() => suite.stop());
  try {
    return await measure(suite);
  } finally {
    running.pop();
    await suite.stop();
  }
}

/** T6: the real systems, built and seeded; see bench-pages.mjs. */
const pageSpeed = () => onSuite("T6", (suite) => measurePages(suite, { ...T6, log }));

/** T8: the real systems, built and seeded; see bench-store-latency.mjs. */
function storeLatency() {
  return onSuite("T8", async (suite) => {
    const t8 = await measureStoreLatencyWithCatalogDown({ suite, ...T8, log });
    // The spread: each round's ratio, its two phases taken back to back (ABBA).
    const p99Of = (round, catalog) => t8.phases.find((p) => p.round === round && p.catalog === catalog)?.p99;
    const ratios = Array.from({ length: t8.rounds }, (_, i) => p99Of(i + 1, "down") / p99Of(i + 1, "up"));
    t8.roundRatios = spread(ratios);
    log(`T8 ratio of each round: ${withSpread(t8.roundRatios)}`);
    return t8;
  });
}

/**
 * Zero-downtime restarts: 50 requests/s through the front door for 60 s, each system replaced in
 * turn, twice: to its second port and back home (both of the front door's switches).
 */
async function restartsUnderLoad() {
  await buildSystems("restart");
  const suite = await startE2ESuite({ dataDir: path.join(workDir, "restart"), log: () => {} });
  running.push(() => suite.stop());
  try {
    const result = await measureRestarts({
      suite,
      ratePerSecond: 50,
      seconds: 60,
      systems: ["catalog", "music", "store", "catalog", "music", "store"],
      log,
    });
    // A failed request or a lost or doubled event: the systems' and the front door's logs stay.
    if (result.requests.all.failed > 0 || result.events.lost > 0 || result.events.duplicated > 0)
      keepLogs = true;
    return result;
  } finally {
    running.pop();
    await suite.stop();
  }
}

/** R1: catalog with `RESYNC.items` products answers store's resync; see bench-resync.mjs. */
async function resyncLatency() {
  if (!smoke) await buildSystems("R1");
  const dir = path.join(workDir, "resync");
  mkdirSync(dir, { recursive: true });
  // The smoke run's suite already holds R1's products; a full run seeds a suite of its own.
  const shared = smoke ? await startSmokeSuite() : undefined;
  const resync = await measureResync({
    workDir: dir,
    ...RESYNC,
    shared: shared && { suite: shared.suite, seeded: shared.seeded ?? { removed: 0 } },
    log,
  });
  resync.roundP99 = spread(resync.results.map((r) => r.p99));
  return resync;
}

/** S1: the built suite; see bench-signin.mjs. */
const signInLatency = () => onSuite("S1", (suite) => measureSignIn({ suite, ...SIGNIN, log }));

/** The smoke run measures nothing, but every figure must be a real one: positive and finite. */
function assertSane({ t1, t2, t3, t4, t6, t8, resync, signin }) {
  for (const page of t6?.pages ?? [])
    if (!(page.perSecond > 0 && page.iconPerSecond > 0 && page.errors === 0))
      throw new Error(`T6 produced no figure for ${page.name}: ${JSON.stringify(page)}`);
  const figures = {
    t1: t1?.ratioTuned.median,
    "t1 broker alone": t1?.ratioBroker.median,
    "t1 bare broker": t1?.ratioBare.median,
    t2: t2?.p99,
    "t2 tuned": t2?.baselines.tuned.p99,
    "t2 broker alone": t2?.baselines.broker.p99,
    t3: t3?.p50,
    "t3 bound, tuned": t3?.bound.tuned.median,
    "t3 bound, broker alone": t3?.bound.broker.median,
    t4: t4?.ratioTuned.median,
    "t4 broker alone": t4?.ratioBroker.median,
    "t4 bare broker": t4?.ratioBare.median,
    t8: t8?.ratio,
    resync: resync?.during.p99,
    "resync items/s": resync?.itemsPerSecond,
    signin: signin?.flooded.returning.p95,
  };
  const ran = {
    t1,
    "t1 broker alone": t1,
    "t1 bare broker": t1,
    t2,
    "t2 tuned": t2,
    "t2 broker alone": t2,
    t3,
    "t3 bound, tuned": t3,
    "t3 bound, broker alone": t3,
    t4,
    "t4 broker alone": t4,
    "t4 bare broker": t4,
    t8,
    resync,
    "resync items/s": resync,
    signin,
  };
  for (const [name, value] of Object.entries(figures))
    if (ran[name] && !(Number.isFinite(value) && value > 0))
      throw new Error(`${name} produced no figure (${value})`);
  if (t8 && t8.up.errors + t8.up.non2xx + t8.down.errors + t8.down.non2xx > 0)
    throw new Error(`store answered errors during T8: ${JSON.stringify({ up: t8.up, down: t8.down })}`);
  if (resync && resync.during.errors + resync.during.non2xx > 0)
    throw new Error(`catalog answered errors during the resync: ${JSON.stringify(resync.during)}`);
  if (signin && (signin.flooded.answers[500] ?? 0) > 0)
    throw new Error(`store answered 500 to the sign-in flood: ${JSON.stringify(signin.flooded.answers)}`);
}

function machine(rabbitmq) {
  const cpus = os.cpus();
  const sqlite = execFileSync(
    process.execPath,
    [
      "-e",
      "console.log(new (require('better-sqlite3'))(':memory:').prepare('select sqlite_version() v').get().v)",
    ],
    { cwd: path.join(ROOT_DIR, "shared/messaging"), encoding: "utf8" },
  ).trim();
  return {
    cpu: `${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown"}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    rabbitmq,
    sqlite,
  };
}

/** The targets of the ratios against the baselines (issue 15); the bare broker's is the broker's. */
const TARGETS = { tuned: 0.8, broker: 0.5, bare: 0.5 };

/** T1's or T4's rows, one per baseline: the medians, the ratio with its spread, the target. */
function throughputRows(key, title, t) {
  const n = (x) => (x ?? 0).toLocaleString("en");
  return [
    [
      key,
      title,
      `${n(t.suite.median)} events/s`,
      `tuned amqplib + SQLite ${n(t.tuned.median)} msg/s`,
      "tuned",
    ],
    [`${key}b`, `${title}, vs the broker`, "", `broker alone ${n(t.broker.median)} msg/s`, "broker"],
    [
      `${key}c`,
      `${title}, vs the broker without the contract's route`,
      "",
      `broker alone, default exchange ${n(t.bare.median)} msg/s`,
      "bare",
    ],
  ].map(([id, what, measured, baseline, against]) => {
    const ratio = t[`ratio${against[0].toUpperCase()}${against.slice(1)}`];
    const target = TARGETS[against];
    return [id, what, measured, baseline, withSpread(ratio), `≥ ${target}`, ratio.median >= target];
  });
}

/** T2's target, for the suite and for its baselines on the same schedule. */
const meetsT2 = (lag) => lag.p50 < 10 && lag.p99 < 50 && lag.p99RiseMs < MAX_P99_RISE_MS;
const T2_TARGET = "p50 < 10 ms, p99 < 50 ms, no upward trend";
const BASELINE_NAMES = { tuned: "tuned amqplib + SQLite", broker: "the broker alone" };

/** T2's row, and one per baseline on its schedule: whether this broker and machine allow the target at all. */
function lagRows(t2) {
  const rate = t2.rate.toLocaleString("en");
  return [
    [
      "T2",
      `Replication lag at ${rate} writes/s for ${t2.seconds} s`,
      `p50 ${t2.p50} ms, p99 ${t2.p99} ms`,
      `p99 rise over the run ${t2.p99RiseMs} ms`,
      `p99 of each second ${withSpread(spread(t2.perSecond.map((x) => x.p99)))}`,
      T2_TARGET,
      meetsT2(t2),
    ],
    ...Object.entries(t2.baselines ?? {}).map(([kind, lag], i) => [
      `T2${"bc"[i]}`,
      `The same schedule through ${BASELINE_NAMES[kind]} (publish → consume)`,
      `p50 ${lag.p50} ms, p99 ${lag.p99} ms`,
      `p99 rise over the run ${lag.p99RiseMs} ms`,
      `p99 of each second ${withSpread(lag.perSecondP99)}`,
      `T2's: ${T2_TARGET}`,
      meetsT2(lag),
    ]),
  ];
}

/** T3's row, and the baselines beside a writer's share of a core: the most T3's ratio can be here. */
function keepUpRows(t3) {
  const writeOnly = `catalog alone ${t3.writeOnlyRate} edits/s`;
  return [
    [
      "T3",
      `Replication keeps up: catalog writing ${t3.seconds} s at its write-only rate`,
      `store applies ${t3.appliedRate}/s; lag p99 ${t3.p99} ms, rise ${t3.p99RiseMs} ms`,
      writeOnly,
      `${t3.ratio}`,
      `≥ ${T3_TARGET_RATIO}, no upward trend`,
      t3.met,
    ],
    ...(t3.bound
      ? ROUTED_BASELINES.map((kind, i) => {
          const ratio = t3.bound[`ratio${kind[0].toUpperCase()}${kind.slice(1)}`];
          return [
            `T3${"bc"[i]}`,
            `${BASELINE_NAMES[kind]} at full speed beside ${t3.bound.occupied.got} of a core kept busy (the writer's share)`,
            `${t3.bound[kind].median} msg/s`,
            writeOnly,
            withSpread(ratio),
            `T3's: ≥ ${T3_TARGET_RATIO}`,
            ratio.median >= T3_TARGET_RATIO,
          ];
        })
      : []),
  ];
}

function table({ t1, t2, t3, t4, t6, t8, resync, signin }) {
  const rows = [
    ...(t1 ? throughputRows("T1", "Replication throughput catalog→store", t1) : []),
    ...(t2 ? lagRows(t2) : []),
    ...(t3 ? keepUpRows(t3) : []),
    ...(t4 ? throughputRows("T4", `Draining a ${t4.events.toLocaleString("en")}-event backlog`, t4) : []),
    ...(t6 ? pageRows(t6) : []),
    t8 && [
      "T8",
      `store page p99, catalog down ÷ up (${t8.ratePerSecond} req/s)`,
      `${t8.down.p99} ms down`,
      `${t8.up.p99} ms up`,
      `${t8.ratio}; rounds ${withSpread(t8.roundRatios)}`,
      "≤ 1.1",
      t8.ratio !== null && t8.ratio <= 1.1 && t8.down.errors + t8.down.non2xx === 0,
    ],
    resync && [
      "R1",
      `catalog page p99 while it answers a resync of ${resync.items.toLocaleString("en")} products (${resync.ratePerSecond} req/s)`,
      `${resync.during.p99} ms during (${resync.itemsPerSecond} items/s, equal copies in ${round2(resync.convergedMs / 1000)} s)`,
      `${resync.idle.p99} ms idle`,
      `${resync.idle.p99 ? round2(resync.during.p99 / resync.idle.p99) : "—"}; p99 of rounds ${withSpread(resync.roundP99)} ms`,
      `< ${RESYNC_P99_TARGET_MS} ms`,
      resync.met,
    ],
    signin && [
      "S1",
      `correct sign-in p95 while one client floods ${signin.floodSize} wrong attempts (returning user; new user)`,
      `${signin.flooded.returning.p95} ms; ${signin.flooded.new.p95} ms (load ${signin.flooded.load[0]})`,
      `quiet ${signin.quiet.returning.p95} ms; one hash alone ${signin.hashMs.before} ms`,
      "—",
      `< ${SIGNIN_P95_TARGET_MS} ms`,
      signin.met,
    ],
  ].filter(Boolean);
  const header = ["", "Benchmark", "Measured", "Baseline", "Ratio (median, IQR, rounds)", "Target", "Met"];
  const body = rows.map((r) => [...r.slice(0, 6), r[6] ? "yes" : "NO"]);
  // Padded like a Markdown formatter would (biome checks docs/), and readable in a terminal.
  const width = (i) => Math.max(3, ...[header, ...body].map((cells) => [...cells[i]].length));
  const pad = (cells, fill = " ") => cells.map((c, i) => c + fill.repeat(width(i) - [...c].length));
  const lines = [
    pad(header),
    pad(
      header.map(() => "---"),
      "-",
    ),
    ...body.map((cells) => pad(cells)),
  ];
  return lines.map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

function writeReport(results) {
  const { t1, t2, t4, t6, t8, machine: m } = results;
  const n = (x) => x.toLocaleString("en");
  const markdown = `# Benchmarks

Made by \`npm run bench\` on ${results.date.slice(0, 10)} in ${results.durationSeconds} s, and written here by it (a
run writes this file only when it ran all of them). Every ratio compares figures measured in the
same run, on the same private RabbitMQ and machine: run it again to get your own.

Machine: ${m.cpu}, ${m.memoryGiB} GiB, ${m.os}; Node ${m.node}, RabbitMQ ${m.rabbitmq}, SQLite ${m.sqlite}.
Load average (1 min) when the run started and ended: ${results.loadAverage.atStart} / ${results.loadAverage.atEnd} — other work on the machine
shares its cores and widens the spread.

${table(results)}

## How each is measured

The messaging benchmarks (T1, T2, T4) run catalog and store as two processes, like the systems:
catalog with its real database and write path (\`updateProduct\`: the product row and its
\`catalog.product.upserted\` event in one transaction) and its messaging runtime (outbox, relay);
store with its real database, handlers and messaging runtime (consumer, inbox). Scripts:
\`systems/catalog/bench/owner.ts\`, \`systems/store/bench/replica.ts\`. The baselines
(\`shared/testing/src/bench/raw-baseline.ts\`), plain amqplib between two processes, publish
copies of the same event (${results.eventBytes} bytes) from memory, persistent, with publisher confirms and at
most ${n(RAW_PUBLISH_WINDOW)} unconfirmed (the relay's bound), to a consumer with prefetch 1,000. Two of them carry
it as the contract makes the systems carry theirs (decision 0025): through a topic exchange with
the event's type as routing key, into a quorum queue with an \`x-delivery-limit\` that
dead-letters, with \`message-id\`, \`user-id\` and the CloudEvents content type:

- **tuned**: the best hand-written consumer with the suite's persistence: every delivery that has
  arrived by the next turn of the event loop is inserted in one SQLite transaction (WAL,
  synchronous=NORMAL), the WAL is fsynced (one fsync shared by every commit before it, as the
  systems do before an ack) and one \`multiple\` ack settles the batch;
- **broker alone**: the same batches acked at once, no database: the limit of this broker on this
  machine for the contract's persistent, confirmed messages;
- **broker alone, default exchange** (the "c" rows): the same, straight into a quorum queue of no
  arguments through the default exchange: what this broker carries when nothing is routed. The
  difference to the broker alone is what the contract's route costs the broker (mostly the topic
  exchange: decision 0025).

Times come from the machine's monotonic clock, shared by all processes. Every round measures the
suite and each baseline once, in ABBA order (suite, tuned, broker, bare; then the reverse; …) so
that the machine's drift weighs on all alike; a ratio is the median of the rounds' ratios, given
with its interquartile range (IQR): a change larger than the IQR stands out of this run's noise.

- **T1** — catalog commits ${n(t1.events)} price edits while its messaging runtime is stopped (a broker outage,
  as catalog sees it), then starts it; throughput = edits ÷ (first → last commit in store). A
  baseline publishes and consumes as many messages; throughput = messages ÷ (first → last
  consume). ${t1.rounds.length} rounds after one warm-up round; ratios to tuned: ${t1.rounds.map((r) => round2(r.suite / r.tuned)).join(", ")};
  to the broker alone: ${t1.rounds.map((r) => round2(r.suite / r.broker)).join(", ")}; to the broker through the default exchange: ${t1.rounds.map((r) => round2(r.suite / r.bare)).join(", ")}.
  Not in the rate: catalog's runtime takes ${withSpread(t1.startMs)} ms from its start to store's first commit
  (its relay's thread and two broker connections start); counted from that start, as T1 was before
  decision 0025, the rate is ${n(t1.fromStart.median)} events/s.
  For the record, not a target: catalog's write path itself commits ${n(t1.catalogWrites.median)} edits/s on this machine,
  and the same edits written at full speed _while_ they replicate (one process writes and relays,
  as catalog does) reach store at ${n(t1.whileWriting)} events/s.
- **T2** — catalog edits on a fixed schedule (open loop, ${n(t2.rate)}/s for ${t2.seconds} s; ${n(t2.writes)} edits at ${n(t2.achievedRate)}/s);
  each edit's lag is the time from its commit in catalog to its commit in store. "No upward
  trend": the least-squares rise of the per-second p99 over the run is ${t2.p99RiseMs} ms (of the p50,
  ${t2.p50RiseMs} ms); the target taken is under 5 ms. The spread: the p99 of each second,
  ${withSpread(spread(t2.perSecond.map((x) => x.p99)))} ms. The broker's quorum-queue write-ahead log rolled over
  ${t2.walRollovers} times during T2 (at 64 MiB; each rollover holds deliveries back for a moment:
  decision 0026). The T2b and T2c rows run the same schedule through two baselines, published from
  memory by plain amqplib (no outbox, relay, inbox or handler), each message's lag from its publish
  to its consume (the tuned consumer's commit): ${ROUTED_BASELINES.map((kind) => `${BASELINE_NAMES[kind]} p50 ${t2.baselines[kind].p50} ms, p99 ${t2.baselines[kind].p99} ms, max ${t2.baselines[kind].max} ms, the WAL rolled over ${t2.baselines[kind].walRollovers} times`).join("; ")}.
  Where a baseline misses T2's target, so would any client of this broker on this machine.
- **T4** — store is stopped; catalog makes ${n(t4.events)} edits, all published into store's queue; store
  starts and drains them. Rate = events ÷ (first → last commit in store). A baseline's consumer is
  stopped, as many messages are published to its queue, and a fresh one drains them. ${t4.rounds.length} rounds;
  ratios to tuned: ${t4.rounds.map((r) => round2(r.suite / r.tuned)).join(", ")}; to the broker alone: ${t4.rounds.map((r) => round2(r.suite / r.broker)).join(", ")}; through the default
  exchange: ${t4.rounds.map((r) => round2(r.suite / r.bare)).join(", ")}.
- **T8** — the three built systems (\`next start\`), seeded, on a broker of their own; the
  storefront and five offer pages requested in turn at ${t8.ratePerSecond}/s, open loop (about ${Math.round((t8.utilization ?? 0) * 100)}% of one store
  process's time: ${t8.serviceMs} ms per page), after a warm-up; ${t8.rounds * 2} phases of ${t8.phaseSeconds} s in ABBA order, catalog
  running or stopped (SIGTERM). p99 over each state's ${n(t8.up.count)} requests; errors and non-2xx
  answers are counted apart (${t8.up.errors + t8.up.non2xx + t8.down.errors + t8.down.non2xx} here). store's pages never call catalog, so the ratio
  shows noise around 1; its spread is that of the ratios of each round's two phases, taken back
  to back (${withSpread(t8.roundRatios)}).
${pageNotes(t6)}

## Where the time goes

- store applies deliveries in batches: all that arrived while the previous batch was applied, in
  one transaction, settled by one \`multiple\` ack when no earlier delivery waits for a retry. A
  batch starts on the next turn of the event loop, so every socket read of that turn joins it
  (amqplib hands over one read, at most 64 KiB or about 90 events, per callback; issue 15).
  Before that, one transaction and one ack per event made store the bottleneck (about 1,000
  events/s, 0.9 ms each, mostly drizzle building and SQLite compiling the same statements again;
  those are now prepared once per connection).
- The relay pipelines its batches (${n(500)} rows each, at most ${n(1_000)} unconfirmed) instead of waiting for each
  batch's confirms before the next.
- store's consumer takes up to 1,000 deliveries ahead of its acks (prefetch, as the tuned
  baseline does): acks wait for their batch's fsync, and at 300 the broker stopped sending
  meanwhile, so store sat idle about a third of a T4 drain (CPU profile, issue 15).
- The broker's route: through the contract's topic exchange, with a delivery limit and \`user-id\`,
  a message costs RabbitMQ 3.10 about 56 µs of CPU against 40 µs through the default exchange
  (decision 0025): the b and c rows differ by that.
- What is left is CPU. During T1 the broker takes about one of the two cores, store about half of
  one and catalog's relay a third (sampled from /proc during an earlier run). Per event the suite
  does more than the tuned baseline: catalog reads its outbox and marks the rows sent; store
  parses the body and validates it against its event type's schema (envelope and data in one
  pass), writes the inbox row and runs the handler's versioned upsert (two SQLite writes and their
  indexes where the baseline inserts one row). Both wait for one fsync per batch. Profiles:
  \`BENCH_CPU_PROFILE_DIR=/tmp/prof npm run bench -- --only t4\` writes a V8 CPU profile of each
  process; in store's, SQLite's own work is the largest part, then the schemas and JSON, the
  garbage collector and amqplib's frames (drizzle resolving every parameter's placeholder on each
  call, over a third of SQLite's time for the statements, is done once per statement since issue 15).

## Raw results

\`\`\`json
${JSON.stringify(results, null, 2)}
\`\`\`
`;
  const file = path.join(ROOT_DIR, "docs", "benchmarks.md");
  // Notes written by hand below the marker (e.g. before/after comparisons) stay as they are.
  const previous = existsSync(file) ? readFileSync(file, "utf8") : "";
  const kept = previous.includes(KEPT_MARKER) ? previous.slice(previous.indexOf(KEPT_MARKER)) : "";
  writeFileSync(file, kept ? `${markdown}\n${kept}` : markdown);
  writeReadmeTable(results);
}

const KEPT_MARKER = "<!-- Written by hand: npm run bench keeps what follows. -->";
const README_START = "<!-- bench-table:start (written by npm run bench) -->";
const README_END = "<!-- bench-table:end -->";

/** The README's copy of the table, between its markers. */
function writeReadmeTable(results) {
  const file = path.join(ROOT_DIR, "README.md");
  const readme = readFileSync(file, "utf8");
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${README_START} … ${README_END} markers`);
  const m = results.machine;
  const block = `${README_START}\n\nLast run: ${results.date.slice(0, 10)}, ${m.cpu}, load average ${results.loadAverage.atStart} / ${results.loadAverage.atEnd} (1 min, at start / at end).\n\n${table(results)}\n\n`;
  writeFileSync(file, readme.slice(0, start) + block + readme.slice(end));
}

try {
  await ensureDependencies(ROOT_DIR, { log });
  ensureRabbitmqInstalled({ log });
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  log(
    `Benchmark${smoke ? " (smoke: tiny sizes, nothing written to docs/)" : ""}: ${only.join(", ")}; logs in ${workDir}`,
  );
  const rabbitmq = rabbitmqVersion();
  const results = {
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
    date: new Date().toISOString(),
    /** Filled in at the end (rabbitmqctl takes a few seconds to answer). */
    machine: null,
    // The machine's load average over the last minute (other work shares its cores).
    loadAverage: { atStart: round2(os.loadavg()[0] ?? 0), atEnd: null },
  };
  /** Each benchmark's wall-clock seconds, set-up included (where the smoke run's time goes). */
  results.elapsedSeconds = {};
  const step = async (/** @type {string} */ name, /** @type {() => Promise<unknown>} */ run) => {
    if (!only.includes(name)) return;
    const t0 = Date.now();
    results[name] = await run();
    results.elapsedSeconds[name] = round2((Date.now() - t0) / 1000);
    log(`${name}: ${results.elapsedSeconds[name]} s`);
  };
  /** T1-T4 on the messaging lab (catalog's and store's messaging in bench processes, the baselines). */
  const messagingBenchmarks = async () => {
    if (!only.some((t) => ["t1", "t2", "t3", "t4"].includes(t))) return;
    const t0 = Date.now();
    const broker = await startBroker();
    log(`Messaging lab: broker started in ${seconds(t0)}`);
    const lab = await startMessagingLab(broker);
    results.elapsedSeconds.messagingLab = round2((Date.now() - t0) / 1000);
    results.eventBytes = Buffer.byteLength(lab.body);
    await step("t1", () =>
      replicationThroughput({ lab, events: SIZES.t1Events, rounds: SIZES.t1Rounds, log }),
    );
    await step("t2", () => replicationLag(lab, broker));
    await step("t3", () => measureKeepUp({ lab, broker, ...T3, log }));
    await step("t4", () => backlogDrain({ lab, events: SIZES.t4Events, rounds: SIZES.t4Rounds, log }));
  };
  /** The benchmarks on the built systems (a suite each, or the smoke run's one). */
  const suiteBenchmarks = async () => {
    // R1 before T6 and T8: in the smoke run's one suite, R1's resync is what gives store catalog's
    // seeded products, published before store's queue was bound to catalog's events.
    await step("resync", resyncLatency);
    await step("t6", pageSpeed);
    if (smoke) {
      // S1 mostly hashes passwords while T8 mostly waits for its schedule: side by side in the smoke
      // run (T8 stops catalog; S1 signs in at store).
      await Promise.all([step("t8", storeLatency), step("signin", signInLatency)]);
    } else {
      await step("t8", storeLatency);
      await step("signin", signInLatency);
    }
    await step("restart", restartsUnderLoad);
  };
  if (smoke) {
    // The smoke run measures nothing: the systems build and its suite starts while the messaging
    // benchmarks run, most of whose time is fixed-length phases and waits.
    await Promise.all([messagingBenchmarks(), suiteBenchmarks()]);
  } else {
    // A full run measures each benchmark with nothing else of its own running.
    await messagingBenchmarks();
    await stopAll();
    await suiteBenchmarks();
  }
  results.machine = machine(await rabbitmq);
  results.durationSeconds = Math.round((Date.now() - started) / 1000);
  results.loadAverage.atEnd = round2(os.loadavg()[0] ?? 0);
  if (smoke) assertSane(results);
  log(`\n${table(results)}\n`);
  if (!smoke && ALL.every((t) => only.includes(t))) {
    writeReport(results);
    log("Written to docs/benchmarks.md and the README's table.");
  }
  await stopAll();
  log(`Benchmark finished in ${seconds(started)}.`);
  if (keepLogs) log(`Logs kept in ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
} catch (error) {
  printLogTails();
  console.error(`Benchmark failed: ${error.stack ?? error}\nLogs kept in ${workDir}`);
  process.exitCode = 1;
} finally {
  await stopAll();
}
// Whatever a failed start left running (its child processes' pipes) does not keep the run alive.
process.exit();
