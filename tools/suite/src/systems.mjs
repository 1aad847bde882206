// Launching the three systems: seed, start (`next start` or `next dev`, each in its own process
// group), wait until ready, stop one, start it again, replace it with a fresh process, stop all.
// Plain Node ESM, Node built-ins only.
import { spawn } from "node:child_process";
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { SYSTEMS } from "../../../shared/contracts/src/names.mjs";
import { DEFAULT_ADMIN_EMAIL, DEFAULT_PORTS, suiteUrls, systemEnv } from "./env.mjs";
import { isPortInUse } from "./ports.mjs";
import { exited, killGroup, ROOT_DIR, SetupError, seconds, sleep, waitForExit } from "./process.mjs";

/**
 * The environment of npm start's production builds (`turbo run build`). Turbopack's build cache
 * serves a rebuild after an edit, never the build that writes it: a fresh clone's first build
 * (no system has .next/cache) skips it (SCS_BUILD_CACHE=0; writing it cost tens of seconds on 2
 * cores); once built, the systems' builds write and read it as before.
 * @param {string} rootDir
 * @param {NodeJS.ProcessEnv} [baseEnv]
 * @returns {NodeJS.ProcessEnv}
 */
export function productionBuildEnv(rootDir, baseEnv = process.env) {
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...baseEnv, TURBO_TELEMETRY_DISABLED: "1", NEXT_TELEMETRY_DISABLED: "1" };
  delete env.DATA_DIR; // not a build input
  if (!SYSTEMS.some((sys) => existsSync(path.join(rootDir, "systems", sys, ".next", "cache"))))
    env.SCS_BUILD_CACHE = "0";
  return env;
}

/** @typedef {import("./env.mjs").System} System */
/**
 * @template T
 * @typedef {import("./env.mjs").PerSystem<T>} PerSystem
 */
/**
 * @typedef {object} SuiteOptions
 * @property {string} [rootDir]
 * @property {string} dataDir
 * @property {PerSystem<number>} [ports]
 * @property {PerSystem<string>} [urls]
 * @property {PerSystem<string>} brokerUrls
 * @property {string} [managementUrl]
 * @property {import("./secrets.mjs").SessionKeys} sessionKeys
 * @property {string} [adminEmail]
 * @property {string} [adminPassword]
 * @property {number | string} [orderPendingTimeoutS] store's pending-order deadline (ORDER_PENDING_TIMEOUT_S); default: the environment's, else 600
 * @property {string} [frontDoorUrl] the front door's URL (FRONT_DOOR_URL of every system): a suite origin for forms and returnTo
 * @property {"production" | "dev"} [mode]
 * @property {(line: string) => void} [log]
 * @property {boolean} [verbose]
 * @property {boolean} [seed]
 * @property {number} [readyTimeoutMs]
 * @property {number} [stopTimeoutMs]
 * @property {NodeJS.ProcessEnv} [baseEnv]
 * @property {(system: System, code: number | null, signal: NodeJS.Signals | null) => void} [onExit]
 */
/**
 * @typedef {object} RunningSuite
 * @property {PerSystem<string>} urls
 * @property {PerSystem<number>} ports
 * @property {PerSystem<number>} pids
 * @property {string} logDir
 * @property {() => Promise<void>} stop
 * @property {(system: System, signal?: NodeJS.Signals) => Promise<void>} stopSystem SIGTERM by default; SIGKILL simulates a crash
 * @property {(system: System) => Promise<void>} startSystem same port, data and environment; resolves when ready
 * @property {() => PerSystem<number>} livePorts the port each system listens on now (replaceSystem moves it)
 * @property {(system: System, options: { port: number; switchTo?: (port: number) => Promise<void> }) => Promise<{ port: number; pid: number; oldPid: number; readyMs: number; drainMs: number }>} replaceSystem
 */

function nextCli(rootDir, systemDir) {
  for (const dir of [systemDir, rootDir]) {
    const candidate = path.join(dir, "node_modules", "next", "dist", "bin", "next");
    if (existsSync(candidate)) return candidate;
  }
  throw new SetupError(
    `Next.js is not installed (no node_modules/next in ${systemDir} or ${rootDir}); run npm ci.`,
  );
}

/** A line splitter writing `[name] line` to a log stream and, when verbose, to the console. */
function lineLogger(name, stream, verbose) {
  const prefix = `[${name}]`;
  const recent = [];
  let pending = "";
  const emit = (line) => {
    stream.write(`${prefix} ${line}\n`);
    recent.push(line);
    if (recent.length > 40) recent.shift();
    if (verbose) process.stdout.write(`${prefix} ${line}\n`);
  };
  return {
    write(chunk) {
      pending += chunk.toString();
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? "";
      for (const line of lines) emit(line);
    },
    flush() {
      if (pending) emit(pending);
      pending = "";
    },
    recent: () => recent.join("\n"),
  };
}

function openLog(dataDir, name) {
  const dir = path.join(path.resolve(dataDir), "logs");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.log`);
  const stream = createWriteStream(file, { flags: "a" });
  stream.write(`\n===== ${new Date().toISOString()} =====\n`);
  return { file, stream };
}

/**
 * Runs `npm run seed -w @scs/<sys>` for each system (in parallel) with the environment it will run
 * with. Seeding is the systems' own, idempotent script. Rejects with the tail of the output, also
 * when a seed is still running after `timeoutMs` (it takes seconds; then it is stopped).
 * @param {SuiteOptions & { systems?: System[], timeoutMs?: number }} options
 */
export async function seedSystems({
  rootDir = ROOT_DIR,
  systems = SYSTEMS,
  log = console.log,
  verbose,
  timeoutMs = 180_000,
  ...opts
}) {
  const started = Date.now();
  await Promise.all(
    systems.map(async (sys) => {
      const { file, stream } = openLog(opts.dataDir, `${sys}-seed`);
      const out = lineLogger(`${sys}:seed`, stream, verbose);
      // In a process group of its own: a stop reaches npm's children too (tsx, node).
      const child = spawn("npm", ["run", "--silent", "seed", "-w", `@scs/${sys}`], {
        cwd: rootDir,
        env: systemEnv(sys, opts),
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      child.stdout.on("data", out.write);
      child.stderr.on("data", out.write);
      let late = false;
      const timer = setTimeout(() => {
        late = true;
        killGroup(child.pid, "SIGKILL");
      }, timeoutMs);
      const code = await new Promise((resolve) => {
        child.on("error", () => resolve(-1));
        child.on("close", resolve);
      });
      clearTimeout(timer);
      out.flush();
      stream.end();
      if (late) {
        throw new SetupError(
          `Seeding ${sys} did not finish within ${timeoutMs / 1000}s (stopped). Last output (${file}):\n${out.recent()}`,
        );
      }
      if (code !== 0) {
        throw new SetupError(`Seeding ${sys} failed (exit ${code}). Last output (${file}):\n${out.recent()}`);
      }
    }),
  );
  log(`Seeded ${systems.join(", ")} (${seconds(started)})`);
}

/**
 * GET `url` within `timeoutMs`, body included: { status, body } (body as text), or { status: 0,
 * error } when it fails or is late. It settles by its own timer whatever fetch does: in CI
 * (2 December) the benchmark smoke's start-up wait stopped inside one poll of music for 250 s,
 * `AbortSignal.timeout(5000)` passed to fetch, and never reached its own 120 s limit.
 * @returns {Promise<{ status: number, body?: string, error?: string }>}
 */
export async function pollUrl(url, timeoutMs = 5000) {
  const controller = new AbortController();
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ status: 0, error: `no answer within ${timeoutMs / 1000} s` });
    }, timeoutMs);
  });
  const answer = (async () => {
    try {
      const res = await fetch(url, { signal: controller.signal, redirect: "manual" });
      return { status: res.status, body: await res.text() };
    } catch (err) {
      return { status: 0, error: err?.cause?.message ?? err?.message ?? String(err) };
    }
  })();
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What a system that does not answer is doing, for the error that reports it: its process state
 * and CPU time (/proc), and whether its event loop still runs. Launched with --report-on-signal, a
 * process whose event loop runs writes a diagnostic report on SIGUSR2 (handles, native stack); one
 * whose main thread is busy or blocked writes none.
 */
export async function stuckProcessReport(pid, reportDir, waitMs = 5000) {
  const lines = [];
  try {
    // /proc/<pid>/stat: "pid (comm) state … utime stime …" (fields 14 and 15, in clock ticks).
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / 100;
    lines.push(
      `process ${pid}: state ${fields[0]} (R running, S sleeping, D in I/O), ${cpuSeconds} s of CPU`,
    );
  } catch {
    lines.push(`process ${pid}: not found`);
    return lines.join("\n");
  }
  const before = new Set(readdirSync(reportDir));
  try {
    process.kill(pid, "SIGUSR2");
  } catch (err) {
    lines.push(`no diagnostic report (${err.code ?? err.message})`);
    return lines.join("\n");
  }
  const deadline = Date.now() + waitMs;
  for (;;) {
    const file = readdirSync(reportDir).find((f) => /^report\..*\.json$/.test(f) && !before.has(f));
    if (file) {
      lines.push(
        `its event loop runs: diagnostic report ${path.join(reportDir, file)} (handles, native stack)`,
      );
      break;
    }
    if (Date.now() > deadline) {
      lines.push(
        `no diagnostic report within ${waitMs / 1000} s: its event loop is blocked (busy or in native code)`,
      );
      break;
    }
    await sleep(100);
  }
  return lines.join("\n");
}

/**
 * Starts the three systems: (optionally) seeds them, runs `next start -p PORT` (production) or
 * `next dev -p PORT` (dev) in systems/<sys>, each in its own process group, and waits until
 * GET /api/health and then GET /api/ready answer 200 on each, printing a line per system.
 * Output goes to <dataDir>/logs/<sys>.log, prefixed `[sys]`, and to the console when `verbose`.
 *
 * Returns { urls, ports, pids, logDir, stop(), stopSystem(sys, signal?), startSystem(sys) }. stop() SIGTERMs the
 * process groups it started; stopSystem/startSystem stop and restart one system (fault tests, e2e).
 * @param {SuiteOptions} options
 * @returns {Promise<RunningSuite>}
 */
export async function startSuite({
  rootDir = ROOT_DIR,
  dataDir,
  ports = DEFAULT_PORTS,
  urls = suiteUrls(ports),
  brokerUrls,
  managementUrl,
  sessionKeys,
  adminEmail = DEFAULT_ADMIN_EMAIL,
  adminPassword,
  orderPendingTimeoutS,
  frontDoorUrl,
  mode = "production",
  log = console.log,
  verbose = false,
  seed = true,
  readyTimeoutMs = mode === "dev" ? 300_000 : 120_000,
  stopTimeoutMs = 10_000,
  baseEnv = process.env,
  onExit,
} = {}) {
  if (!dataDir) throw new Error("startSuite: dataDir is required");
  if (mode !== "production" && mode !== "dev") throw new Error(`startSuite: unknown mode ${mode}`);
  dataDir = path.resolve(dataDir);
  rootDir = path.resolve(rootDir);
  mkdirSync(dataDir, { recursive: true });
  const envOpts = {
    dataDir,
    ports,
    brokerUrls,
    managementUrl,
    sessionKeys,
    adminEmail,
    adminPassword,
    baseEnv,
    frontDoorUrl,
    ...(orderPendingTimeoutS === undefined ? {} : { orderPendingTimeoutS }),
  };
  for (const sys of SYSTEMS) systemEnv(sys, envOpts); // validates the options early

  const runDir = path.join(dataDir, "run");
  mkdirSync(runDir, { recursive: true });
  const logDir = path.join(dataDir, "logs");
  mkdirSync(logDir, { recursive: true });
  await stopLeftovers({ rootDir, runDir, log });

  const busy = [];
  for (const sys of SYSTEMS) if (await isPortInUse(ports[sys])) busy.push(`${sys} port ${ports[sys]}`);
  if (busy.length) {
    throw new SetupError(
      `Cannot start the suite: ${busy.join(", ")} already in use (is another \`npm start\` running?).`,
    );
  }

  if (seed) await seedSystems({ rootDir, log, verbose, ...envOpts });

  const children = new Map();
  /** Processes replaceSystem started that are not (yet) their system's current one. */
  const starting = new Set();
  let stopping = false;
  const all = () => [...children.values(), ...starting];

  const killAll = () => {
    for (const child of all()) if (!exited(child)) killGroup(child.pid, "SIGTERM");
  };
  process.on("exit", killAll);

  const stop = async () => {
    stopping = true;
    const running = all().filter((c) => !exited(c));
    for (const child of running) killGroup(child.pid, "SIGTERM");
    await Promise.all(
      running.map(async (child) => {
        if (!(await waitForExit(child, stopTimeoutMs))) {
          killGroup(child.pid, "SIGKILL");
          await waitForExit(child, 5000);
        }
      }),
    );
    process.removeListener("exit", killAll);
    for (const sys of children.keys()) rmSync(path.join(runDir, `${sys}.pid`), { force: true });
  };

  const loggers = {};
  /** Systems stopped on purpose (stopSystem): their exit is not reported as a crash. */
  const stoppedOnPurpose = new Set();
  /** Processes replaced by a newer one of their system (replaceSystem): their exit is expected. */
  const replaced = new WeakSet();
  /** The port each system's current process listens on (replaceSystem moves it). */
  const livePorts = { ...ports };

  const launch = (sys, port = livePorts[sys]) => {
    const cwd = path.join(rootDir, "systems", sys);
    const cli = nextCli(rootDir, cwd);
    // BENCH_CPU_PROFILE_DIR=dir: a V8 CPU profile of each system in dir/<system>, written when it
    // exits (where a benchmark's time goes inside `next start`; see docs/benchmarks.md).
    const profileDir = baseEnv.BENCH_CPU_PROFILE_DIR;
    const profile = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.join(profileDir, sys)}`] : [];
    // SIGUSR2 makes the process write a diagnostic report into the log directory: what a system
    // that does not answer is doing (stuckProcessReport).
    const report = ["--report-on-signal", `--report-directory=${logDir}`];
    const args = [...profile, ...report, cli, mode === "dev" ? "dev" : "start", "-p", String(port)];
    const { stream } = openLog(dataDir, sys);
    const out = lineLogger(sys, stream, verbose);
    loggers[sys] = out;
    const child = spawn(process.execPath, args, {
      cwd,
      env: {
        ...systemEnv(sys, envOpts),
        PORT: String(port),
        NODE_ENV: mode === "dev" ? "development" : "production",
        // Each system's messaging runtime handles SIGTERM itself (drains, then exits within 10 s).
        NEXT_MANUAL_SIG_HANDLE: "true",
      },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    stoppedOnPurpose.delete(sys);
    child.stdout.on("data", out.write);
    child.stderr.on("data", out.write);
    child.on("error", (err) => out.write(`failed to start: ${err.message}\n`));
    child.on("exit", (code, signal) => {
      out.flush();
      stream.end();
      if (!stopping && !stoppedOnPurpose.has(sys) && !replaced.has(child)) {
        log(`[${sys}] exited (${signal ?? `code ${code}`}); see ${path.join(dataDir, "logs", `${sys}.log`)}`);
        onExit?.(sys, code, signal);
      }
    });
    return child;
  };
  /** Makes `child` the system's current process (the one stop() and stopSystem() stop). */
  const adopt = (sys, child) => {
    children.set(sys, child);
    writeFileSync(path.join(runDir, `${sys}.pid`), `${child.pid}\n`);
  };

  /** Waits until `systems` are ready: the current processes on their ports, or `candidates` on theirs. */
  const waitUntilReady = (systems, { urls: at = urls, candidates = children } = {}) =>
    waitForSuite({
      urls: at,
      local: at === urls ? suiteUrls(ports) : at,
      children: candidates,
      loggers,
      log,
      timeoutMs: readyTimeoutMs,
      reportDir: logDir,
      systems,
    });

  try {
    for (const sys of SYSTEMS) adopt(sys, launch(sys));
    await waitUntilReady(SYSTEMS);
  } catch (err) {
    await stop();
    throw err;
  }

  /** Stops one system (SIGTERM, or e.g. SIGKILL to simulate a crash) and waits for its exit. */
  const stopSystem = async (sys, signal = "SIGTERM") => {
    const child = children.get(sys);
    if (!child || exited(child)) return;
    stoppedOnPurpose.add(sys);
    killGroup(child.pid, signal);
    if (!(await waitForExit(child, stopTimeoutMs))) {
      killGroup(child.pid, "SIGKILL");
      await waitForExit(child, 5000);
    }
  };

  /** Starts a stopped system again (same port, data and environment) and waits until it is ready. */
  const startSystem = async (sys) => {
    const child = children.get(sys);
    if (child && !exited(child)) return;
    adopt(sys, launch(sys));
    await waitUntilReady([sys]);
  };

  /**
   * Replaces a running system with a fresh process (tools/suite/src/restart.mjs): starts it on `port`
   * beside the old one (same data and environment; the two share the SQLite file, and the old one
   * keeps relay and consumer until it stops: the lease, decision 0021), waits until it is ready,
   * awaits `switchTo(port)` (the front door's upstream), then SIGTERMs the old process, which
   * drains its requests and hands the lease over, and waits for its exit. If the new process does
   * not become ready, it is stopped and the old one keeps serving. Resolves { port, pid, oldPid,
   * readyMs, drainMs }.
   */
  const replaceSystem = async (sys, { port, switchTo = async () => {} }) => {
    const old = children.get(sys);
    if (!old || exited(old)) throw new SetupError(`${sys} is not running: nothing to replace`);
    if (port === livePorts[sys]) throw new SetupError(`${sys} already listens on ${port}`);
    if (await isPortInUse(port)) throw new SetupError(`Cannot replace ${sys}: port ${port} is in use`);
    const begun = Date.now();
    const child = launch(sys, port);
    starting.add(child);
    const candidates = new Map([[sys, child]]);
    let readyMs = 0;
    try {
      await waitUntilReady([sys], { urls: { [sys]: `http://localhost:${port}` }, candidates });
      readyMs = Date.now() - begun;
      await switchTo(port);
    } catch (err) {
      replaced.add(child);
      killGroup(child.pid, "SIGTERM");
      await waitForExit(child, stopTimeoutMs);
      starting.delete(child);
      throw err;
    }
    adopt(sys, child);
    starting.delete(child);
    livePorts[sys] = port;
    replaced.add(old);
    const draining = Date.now();
    killGroup(old.pid, "SIGTERM");
    if (!(await waitForExit(old, stopTimeoutMs))) {
      killGroup(old.pid, "SIGKILL");
      await waitForExit(old, 5000);
    }
    return { port, pid: child.pid, oldPid: old.pid, readyMs, drainMs: Date.now() - draining };
  };

  return {
    urls,
    ports: { ...ports },
    /** The port each system listens on now (after replaceSystem, its second port). */
    livePorts: () => ({ ...livePorts }),
    pids: Object.fromEntries([...children].map(([sys, child]) => [sys, child.pid])),
    logDir,
    stop,
    stopSystem,
    startSystem,
    replaceSystem,
  };
}

/** Is `pid` alive and a Next.js process of systems/<sys> of this checkout (a leftover of ours)? */
export function isOurSystemProcess(pid, rootDir, sys) {
  try {
    const cwd = readlinkSync(`/proc/${pid}/cwd`);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return cwd === path.join(rootDir, "systems", sys) && cmdline.includes("next");
  } catch {
    return false;
  }
}

/** Stops system processes a killed earlier run left behind (found through <dataDir>/run/<sys>.pid). */
export async function stopLeftoverSystems({ rootDir = ROOT_DIR, dataDir, log = console.log }) {
  await stopLeftovers({
    rootDir: path.resolve(rootDir),
    runDir: path.join(path.resolve(dataDir), "run"),
    log,
  });
}

async function stopLeftovers({ rootDir, runDir, log }) {
  for (const sys of SYSTEMS) {
    const file = path.join(runDir, `${sys}.pid`);
    let pid;
    try {
      pid = Number.parseInt(readFileSync(file, "utf8"), 10);
    } catch {
      continue;
    }
    if (pid && isOurSystemProcess(pid, rootDir, sys)) {
      log(`Stopping ${sys} left over from an earlier run (pid ${pid}) …`);
      killGroup(pid, "SIGTERM");
      const deadline = Date.now() + 10_000;
      while (isOurSystemProcess(pid, rootDir, sys) && Date.now() < deadline) await sleep(100);
      if (isOurSystemProcess(pid, rootDir, sys)) killGroup(pid, "SIGKILL");
    }
    rmSync(file, { force: true });
  }
}

/** The body of a system's GET /api/ready (the broker's state in it), or undefined when it does not answer. */
async function readyBody(url) {
  const { status, body } = await pollUrl(`${url}/api/ready`);
  try {
    return status === 200 && body ? JSON.parse(body) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Waits until each system reports its broker connection up (GET /api/ready: `broker: "up"`, which
 * counts the relay's thread too), printing a line per system. The systems serve without it, so
 * one still unconnected after `timeoutMs` is reported, not fatal: its log says why.
 * @returns {Promise<System[]>} the systems not connected in time
 */
export async function waitForBrokerConnections({
  urls,
  log = console.log,
  timeoutMs = 30_000,
  systems = SYSTEMS,
}) {
  const started = Date.now();
  const late = [];
  await Promise.all(
    systems.map(async (sys) => {
      while ((await readyBody(urls[sys]))?.broker !== "up") {
        if (Date.now() - started > timeoutMs) {
          late.push(sys);
          return;
        }
        await sleep(100);
      }
      log(`  ${sys.padEnd(8)} connected to the broker (${seconds(started)})`);
    }),
  );
  return late;
}

/**
 * Polls /api/health then /api/ready of each system until 200, printing a line per system, and every
 * 10 s the ones still awaited with their last answer. A system not ready by the deadline fails the
 * start with its last answer, its last output and what its process was doing (stuckProcessReport).
 */
async function waitForSuite({
  urls,
  local,
  children,
  loggers,
  log,
  timeoutMs,
  reportDir,
  systems = SYSTEMS,
}) {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let lastNote = Date.now();
  /** Each awaited system's last answer, e.g. "/api/health: no answer within 5 s". */
  const lastAnswer = new Map(systems.map((sys) => [sys, "not asked yet"]));
  const ask = async (sys, route) => {
    const { status, error } = await pollUrl(`${local[sys]}${route}`);
    lastAnswer.set(sys, `${route}: ${status ? `HTTP ${status}` : error}`);
    return status;
  };
  await Promise.all(
    systems.map(async (sys) => {
      let healthy = false;
      for (;;) {
        const child = children.get(sys);
        if (child && exited(child)) {
          throw new SetupError(
            `${sys} exited during start-up (${child.signalCode ?? `code ${child.exitCode}`}). Last output:\n${loggers[sys]?.recent() ?? ""}`,
          );
        }
        if (!healthy) healthy = (await ask(sys, "/api/health")) === 200;
        if (healthy && (await ask(sys, "/api/ready")) === 200) {
          lastAnswer.delete(sys);
          log(`  ${sys.padEnd(8)} up on ${urls[sys]} (${seconds(started)})`);
          return;
        }
        if (Date.now() > deadline) {
          const report = child && reportDir ? await stuckProcessReport(child.pid, reportDir) : "";
          throw new SetupError(
            `${sys} did not become ${healthy ? "ready (/api/ready)" : "healthy (/api/health)"} within ${timeoutMs / 1000}s ` +
              `(last answer: ${lastAnswer.get(sys)}). Last output:\n${loggers[sys]?.recent() ?? ""}\n${report}`,
          );
        }
        if (Date.now() - lastNote > 10_000) {
          lastNote = Date.now();
          const awaited = [...lastAnswer].map(([name, answer]) => `${name} (${answer})`).join(", ");
          log(`  … waiting for ${awaited} (${seconds(started)})`);
        }
        await sleep(200);
      }
    }),
  );
}
