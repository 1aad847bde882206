// `npm test`: every layer, on a fresh machine, failing fast:
//   setup → lint+format → typecheck → k8s manifests → monitoring rules (promtool) → integration
//   (private RabbitMQ on free ports) → build → unit → e2e.
// Three stages mostly wait and so run beside the others, each on brokers of its own: the fault tests
// (a broker frozen for 60 s, writes paced over a minute) from right after setup, and the cluster
// journey (nodes killed and stopped for 20 s) and the benchmark smoke (tiny sizes, not timed) from
// after the build, beside the unit tests; their output is shown when they end, and all are joined
// before e2e, whose journeys time pages and must not share the cores.
// Never touches the default ports (3001-3003, 5672, 15672, 25672, 4369), so it runs beside `npm start`.
// Plain Node ESM, Node built-ins only: this runs before node_modules exists, so it imports the
// suite's tooling (@scs/suite) and @scs/contracts' names by path, not by name.
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { VHOST } from "../shared/contracts/src/names.mjs";
import { ensureRabbitmqInstalled, startPrivateBroker } from "../tools/suite/src/broker/node.mjs";
import { provisionBroker } from "../tools/suite/src/broker/provision.mjs";
import { brokerJson } from "../tools/suite/src/e2e.mjs";
import { failedTests } from "../tools/suite/src/failures.mjs";
import { ensureNginxInstalled } from "../tools/suite/src/gateway.mjs";
import { checkMonitoring } from "../tools/suite/src/monitoring.mjs";
import { findFreePorts } from "../tools/suite/src/ports.mjs";
import {
  binPath,
  killGroup,
  ROOT_DIR,
  runCommand,
  SetupError,
  seconds,
} from "../tools/suite/src/process.mjs";
import { ensureChromium, ensureDependencies } from "../tools/suite/src/setup.mjs";

const started = Date.now();
const rootDir = ROOT_DIR;
const log = (msg) => console.log(msg);
process.env.CI = "true";
process.env.TURBO_TELEMETRY_DISABLED = "1";
process.env.NEXT_TELEMETRY_DISABLED = "1";

const results = [];
let stageNames = [];
let broker;
let brokerDir;
/** Commands running now (the fault tests run beside other stages). */
const children = new Set();
let interrupted = false;

async function cleanup() {
  for (const child of children) killGroup(child.pid, "SIGTERM");
  if (broker) {
    log("Stopping the test broker …");
    await broker.stop().catch((err) => console.error(`  ${err.message}`));
    broker = undefined;
  }
  if (brokerDir) rmSync(brokerDir, { recursive: true, force: true });
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, async () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log(`\n${signal} received: stopping.`);
    await cleanup();
    summary();
    process.exit(130);
  });
}

function tool(name) {
  const bin = binPath(name, { rootDir });
  return bin ? [bin] : ["npx", "--no-install", name];
}

/** The output of the stage running in the foreground, to name its failed tests in the summary. */
let stageOutput = [];

/**
 * Each stage's time limit, several times its length on a slow machine: a stage that hangs fails
 * the run within minutes, with its output, instead of running into CI's own timeout with none
 * (the benchmark smoke once waited for an hour for a suite that never came up).
 */
const LIMIT_MINUTES = {
  faults: 12,
  lint: 5,
  build: 10,
  cluster: 12,
  bench: 10,
  typecheck: 10,
  k8s: 5,
  integration: 10,
  unit: 10,
  e2e: 25,
};

/**
 * Runs a command of a stage; its output goes to ours, or to `logFile` (a stage running beside
 * others). Past `limitMinutes` its process group is stopped (SIGTERM, SIGKILL 15 s later) and the
 * stage fails.
 */
async function run(cmd, { env = process.env, logFile, limitMinutes }) {
  const [bin, ...args] = cmd;
  const line = `$ ${cmd.map((c) => (path.relative(rootDir, c).startsWith("node_modules") ? path.basename(c) : c)).join(" ")}`;
  const say = (text) => (logFile ? appendFileSync(logFile, `${text}\n`) : log(text));
  if (logFile) writeFileSync(logFile, "");
  say(line);
  let running;
  let overdue = false;
  const limit = setTimeout(() => {
    overdue = true;
    say(`\n✗ still running after ${limitMinutes} minutes, this stage's limit: stopping it (a hang?).`);
    killGroup(running.pid, "SIGTERM");
    setTimeout(() => killGroup(running.pid, "SIGKILL"), 15_000).unref();
  }, limitMinutes * 60_000);
  const code = await runCommand(bin, args, {
    cwd: rootDir,
    // Through a pipe, a command no longer sees a terminal: it keeps its colours if ours has them.
    env: process.stdout.isTTY ? { FORCE_COLOR: "1", ...env } : env,
    logFile,
    onOutput: logFile ? undefined : (chunk) => stageOutput.push(chunk),
    onChild: (child) => {
      running = child;
      children.add(child);
    },
  });
  clearTimeout(limit);
  children.delete(running);
  if (overdue) throw new SetupError(`did not finish within ${limitMinutes} minutes (stopped)`);
  return code;
}

/** The `run` a stage's function is given: its commands, with its time limit and log file. */
const runnerOf = (key, logFile) => (cmd, env) =>
  run(cmd, { env, logFile, limitMinutes: LIMIT_MINUTES[key] ?? 10 });

async function stage(key, name, fn, started = undefined) {
  const t = started?.at ?? Date.now();
  log(`\n━━ ${name} ${"━".repeat(Math.max(3, 60 - name.length))}`);
  let ok;
  let detail = "";
  if (!started) stageOutput = [];
  try {
    const code = await (started?.promise ?? fn({ run: runnerOf(key) }));
    ok = code === 0;
    if (!ok) detail = `exit ${code}`;
  } catch (err) {
    ok = false;
    detail = err instanceof SetupError ? err.message : (err?.stack ?? String(err));
    console.error(detail);
  }
  const output = started
    ? readFileSync(started.logFile, "utf8")
    : Buffer.concat(stageOutput).toString("utf8");
  stageOutput = [];
  if (started) process.stdout.write(output);
  if (interrupted) return false;
  // A stage that ran beside others took its own time, not the time until it was joined.
  const time = started ? `${((started.endedAt - t) / 1000).toFixed(1)}s` : seconds(t);
  results.push({ name, ok, detail, time, failedTests: ok ? [] : failedTests(output) });
  log(`━━ ${name}: ${ok ? "passed" : "FAILED"} (${time})`);
  return ok;
}

/** Starts a stage beside the next ones; its output goes to a file, shown when `stage` joins it. */
function startBeside(key, name, fn) {
  const logFile = path.join(rootDir, ".test-data", `${key}-${process.pid}.log`);
  mkdirSync(path.dirname(logFile), { recursive: true });
  log(
    `\n━━ ${name}: started beside the next stages (output when it ends; meanwhile in ${path.relative(rootDir, logFile)})`,
  );
  const started = { logFile, at: Date.now(), endedAt: undefined, promise: undefined };
  started.promise = Promise.resolve()
    .then(() => fn({ run: runnerOf(key, logFile) }))
    .finally(() => {
      started.endedAt = Date.now();
    });
  started.promise.catch(() => {}); // its failure is reported when it is joined, not as an unhandled rejection
  return started;
}

function summary() {
  const stages = stageNames;
  log("\n── Summary ─────────────────────────────────────────────");
  for (const name of stages) {
    const r = results.find((x) => x.name === name);
    const status = r ? (r.ok ? "passed" : "FAILED") : "skipped";
    const extra = r ? ` (${r.time}${r.ok || !r.detail ? "" : `; ${r.detail.split("\n")[0]}`})` : "";
    log(`  ${status.padEnd(8)} ${name}${extra}`);
    for (const test of r?.failedTests ?? []) log(`             ✗ ${test}`);
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.filter((r) => !r.ok).length;
  const skipped = stages.length - results.length;
  log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""} (${seconds(started)})`);
}

/** The private test broker on free ports, started once (integration and e2e stages share it). */
async function ensureBroker() {
  if (broker) return broker;
  const [amqpPort, managementPort, distPort, epmdPort] = await findFreePorts(4);
  brokerDir = path.join(rootDir, ".test-data", `rabbitmq-${process.pid}`);
  rmSync(brokerDir, { recursive: true, force: true });
  broker = await startPrivateBroker({
    baseDir: brokerDir,
    amqpPort,
    managementPort,
    distPort,
    epmdPort,
    log,
  });
  await provisionBroker({
    managementUrl: broker.managementUrl,
    adminUser: broker.adminUser,
    adminPassword: broker.adminPassword,
    credentials: broker.credentials,
  });
  log(`Test broker: AMQP 127.0.0.1:${amqpPort}, management ${broker.managementUrl} (vhost scs provisioned)`);
  Object.assign(process.env, {
    TEST_BROKER_ADMIN_URL: broker.adminUrl,
    TEST_BROKER_MANAGEMENT_URL: broker.managementUrl,
    TEST_BROKER_ADMIN_USER: broker.adminUser,
    TEST_BROKER_ADMIN_PASSWORD: broker.adminPassword,
    TEST_BROKER_HOST: broker.host,
    TEST_BROKER_AMQP_PORT: String(amqpPort),
    TEST_BROKER_VHOST: VHOST,
    TEST_AMQP_URL_CATALOG: broker.brokerUrls.catalog,
    TEST_AMQP_URL_MUSIC: broker.brokerUrls.music,
    TEST_AMQP_URL_STORE: broker.brokerUrls.store,
  });
  return broker;
}

// `npm test -- --only integration,e2e` runs a subset (setup always runs); the default is all.
const onlyArg = process.argv.find((a) => a.startsWith("--only"));
const only = onlyArg
  ? (onlyArg.includes("=") ? onlyArg.split("=")[1] : process.argv[process.argv.indexOf(onlyArg) + 1] || "")
      .split(",")
      .filter(Boolean)
  : undefined;

async function main() {
  let chromium;
  const steps = [
    [
      "setup",
      "setup",
      async () => {
        await ensureDependencies(rootDir, { log });
        ensureRabbitmqInstalled({ log });
        // The journeys go through the front door too (tools/suite/src/gateway.mjs).
        if (!only || only.includes("e2e")) ensureNginxInstalled({ log });
        // The journeys, T6's page visits (the benchmark smoke) and their unit test drive Chromium.
        if (!only || ["e2e", "bench", "unit"].some((key) => only.includes(key))) {
          chromium = ensureChromium({ log });
          log(`Chromium: ${chromium}`);
        }
        return 0;
      },
    ],
    [
      "faults",
      "fault tests (broker killed, frozen, alarmed; connections cut; consumer killed; poison)",
      // Each file starts a RabbitMQ of its own on free ports, since it kills and freezes it.
      ({ run }) => run([...tool("turbo"), "run", "test:faults", "--concurrency=1", "--env-mode=loose"]),
      { joinBefore: "e2e" },
    ],
    [
      "lint",
      "lint + format (biome ci)",
      ({ run }) => run([...tool("biome"), "ci", ...(process.stdout.isTTY ? [] : ["--colors=off"]), "."]),
    ],
    ["build", "build", ({ run }) => run([...tool("turbo"), "run", "build", "--filter=./systems/*"])],
    // The build comes first, so that the cluster journey (~4 minutes) and the benchmark smoke (~3),
    // which mostly wait, run beside typecheck, integration and unit: when they started after those,
    // beside the unit tests alone, e2e waited for the cluster journey once the unit tests took
    // under two minutes.
    [
      "cluster",
      "cluster journey (the built suite on a 3-node RabbitMQ cluster: leader killed, quorum lost)",
      ({ run }) => run([...tool("playwright"), "test", "-c", "e2e/cluster.config.ts"]),
      { joinBefore: "e2e" },
    ],
    [
      "bench",
      "benchmark smoke (npm run bench -- --smoke: tiny sizes, not timed)",
      // Its own brokers and suite on free ports; keeps the benchmark working, measures nothing.
      ({ run }) => run([process.execPath, path.join(rootDir, "scripts/bench.mjs"), "--smoke"]),
      { joinBefore: "e2e" },
    ],
    ["typecheck", "typecheck", ({ run }) => run([...tool("turbo"), "run", "typecheck"])],
    [
      "k8s",
      "Kubernetes manifests (kubectl kustomize, schemas, house rules; offline)",
      ({ run }) => run([...tool("vitest"), "run", "--root", "deploy"]),
    ],
    [
      "monitoring",
      "Prometheus rules (promtool check rules, unit tests of every alert, check config)",
      // Installs Debian's prometheus package when missing (as rabbitmq-server is).
      () => {
        const tmpDir = path.join(rootDir, ".test-data", `monitoring-${process.pid}`);
        try {
          return checkMonitoring({ log, tmpDir });
        } finally {
          rmSync(tmpDir, { recursive: true, force: true });
        }
      },
    ],
    [
      "integration",
      "integration tests",
      async ({ run }) => {
        await ensureBroker();
        // turbo's strict env mode would hide TEST_* from the tasks: pass the environment through.
        return run([...tool("turbo"), "run", "test:integration", "--concurrency=1", "--env-mode=loose"]);
      },
    ],
    ["unit", "unit tests", ({ run }) => run([...tool("turbo"), "run", "test:unit"])],
    [
      "e2e",
      "end-to-end tests (Playwright)",
      async ({ run }) =>
        run([...tool("playwright"), "test", "-c", "e2e/playwright.config.ts"], {
          ...process.env,
          PLAYWRIGHT_CHROMIUM_EXECUTABLE: chromium,
          E2E_BROKER_JSON: brokerJson(await ensureBroker()),
        }),
    ],
  ];
  const selected = steps.filter(([key]) => key === "setup" || !only || only.includes(key));
  stageNames = selected.map(([, name]) => name);
  /** Stages started beside the others, each joined before the stage it names (or at the end). */
  const besides = [];
  const join = async (which) => {
    let ok = true;
    for (const b of which) {
      besides.splice(besides.indexOf(b), 1);
      ok = (await stage(b.key, b.name, b.fn, b.started)) && ok;
    }
    return ok;
  };
  for (const [key, name, fn, options] of selected) {
    if (!(await join(besides.filter((b) => b.joinBefore === key)))) break;
    if (options?.joinBefore) {
      besides.push({ key, name, fn, joinBefore: options.joinBefore, started: startBeside(key, name, fn) });
      continue;
    }
    if (!(await stage(key, name, fn))) break;
  }
  // Still running after the last stage, or after one that failed: their results count too.
  await join([...besides]);
}

let exitCode = 1;
try {
  await main();
  exitCode = results.length === stageNames.length && results.every((r) => r.ok) ? 0 : 1;
} finally {
  if (!interrupted) {
    await cleanup();
    summary();
  }
}
process.exit(exitCode);
