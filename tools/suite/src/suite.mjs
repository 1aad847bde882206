// Launching the three systems (seed, start, wait until ready, stop), session keys, and the
// pieces the end-to-end tests need to start the suite themselves on free ports.
// Plain Node ESM, Node built-ins only.
import { spawn } from "node:child_process";
import { createHash, generateKeyPairSync } from "node:crypto";
import {
  closeSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  findFreePort,
  findFreePorts,
  generatePassword,
  isPortInUse,
  loadOrCreateCredentials,
  provisionBroker,
  SetupError,
  SYSTEMS,
  startPrivateBroker,
  startPrivateCluster,
  systemAmqpUrls,
} from "./broker.mjs";
import { startGateway } from "./gateway.mjs";

/** The process environment (variables of the operator, not inputs of any turbo task). */
const ENV = process.env;

export { findFreePort, findFreePorts, SetupError, SYSTEMS };

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const DEFAULT_PORTS = Object.freeze({ catalog: 3001, music: 3002, store: 3003 });
export const DEFAULT_ADMIN_EMAIL = "admin@example.com";
export const DEMO_CUSTOMER = Object.freeze({ email: "customer@example.com", password: "customer-password" });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)}s`;

// ---------------------------------------------------------------------------------------------
// session keys

function jwkThumbprint(jwk) {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash("sha256").update(canonical).digest("base64url");
}

/** A fresh ES256 (P-256) key pair as JWKs: { privateJwk, publicJwk } (with kid, alg, use). */
export function generateSessionKeys() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const pub = publicKey.export({ format: "jwk" });
  const kid = jwkThumbprint(pub);
  const meta = { kid, alg: "ES256", use: "sig" };
  return {
    privateJwk: { ...privateKey.export({ format: "jwk" }), ...meta },
    publicJwk: { ...pub, ...meta },
  };
}

/**
 * The session signing keys of the suite under `dir` (a data directory): generated once into
 * `<dir>/keys/session.json` and reused afterwards. Returns { privateJwk, publicJwk, file }.
 */
export function ensureSessionKeys(dir) {
  const file = path.join(path.resolve(dir), "keys", "session.json");
  try {
    const stored = JSON.parse(readFileSync(file, "utf8"));
    if (stored.privateJwk?.d && stored.publicJwk?.x) return { ...stored, file };
  } catch {
    /* create below */
  }
  const keys = generateSessionKeys();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return { ...keys, file };
}

/**
 * The first administrator's sign-in for the suite under `dir` (a data directory): `password` (the
 * operator's ADMIN_PASSWORD) when given; else a random password created once into
 * `<dir>/keys/administrator.json` (0600, like the broker's credentials) and reused afterwards.
 * `store` seeds the administrator with it on the first start; an administrator created earlier keeps
 * the password it was created with. Returns { email, password, file, source }: source is
 * "environment", "created" or "stored".
 */
export function ensureAdminCredentials(dir, { email = DEFAULT_ADMIN_EMAIL, password } = {}) {
  const file = path.join(path.resolve(dir), "keys", "administrator.json");
  if (password) return { email, password, file, source: "environment" };
  try {
    const stored = JSON.parse(readFileSync(file, "utf8"));
    if (typeof stored.password === "string" && stored.password.length >= 8) {
      return { email, password: stored.password, file, source: "stored" };
    }
  } catch {
    /* create below */
  }
  const created = generatePassword();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ email, password: created }, null, 2)}\n`, { mode: 0o600 });
  return { email, password: created, file, source: "created" };
}

// ---------------------------------------------------------------------------------------------
// environment

/** Public base URLs of the systems for these ports: { catalog, music, store }. */
export function suiteUrls(ports = DEFAULT_PORTS, host = "localhost") {
  return Object.fromEntries(SYSTEMS.map((sys) => [sys, `http://${host}:${ports[sys]}`]));
}

/**
 * The environment one system is started (and seeded) with, on top of `baseEnv`:
 * every system: CATALOG_URL, MUSIC_URL, STORE_URL, DATA_DIR (absolute), AMQP_URL (its own broker
 * user), RABBITMQ_MANAGEMENT_URL, SESSION_PUBLIC_JWK, PORT; store also SESSION_PRIVATE_JWK,
 * FRONT_DOOR_URL (`frontDoorUrl`, the gateway's URL) when given; store also SESSION_PRIVATE_JWK,
 * ADMIN_EMAIL, ADMIN_PASSWORD and ORDER_PENDING_TIMEOUT_S (`orderPendingTimeoutS`, else the
 * operator's ORDER_PENDING_TIMEOUT_S, else store's default of 600 s; store validates it at start).
 */
export function systemEnv(
  system,
  {
    dataDir,
    ports = DEFAULT_PORTS,
    urls = suiteUrls(ports),
    brokerUrls,
    managementUrl,
    sessionKeys,
    adminEmail = DEFAULT_ADMIN_EMAIL,
    adminPassword,
    baseEnv = process.env,
    orderPendingTimeoutS = baseEnv.ORDER_PENDING_TIMEOUT_S,
    frontDoorUrl,
  },
) {
  if (!SYSTEMS.includes(system)) throw new Error(`unknown system ${system}`);
  if (!dataDir) throw new Error("systemEnv: dataDir is required");
  if (!brokerUrls?.[system]) throw new Error(`systemEnv: brokerUrls.${system} is required`);
  if (!sessionKeys?.publicJwk) throw new Error("systemEnv: sessionKeys.publicJwk is required");
  const env = { ...baseEnv };
  // Never leak the operator's broker administrator URL or the other system's secrets.
  for (const key of [
    "RABBITMQ_URL",
    "SESSION_PRIVATE_JWK",
    "ADMIN_EMAIL",
    "ADMIN_PASSWORD",
    "ORDER_PENDING_TIMEOUT_S",
    "FRONT_DOOR_URL",
  ]) {
    delete env[key];
  }
  // The front door (scripts/lib/gateway.mjs) in front of them, when there is one.
  if (frontDoorUrl) env.FRONT_DOOR_URL = frontDoorUrl;
  Object.assign(env, {
    CATALOG_URL: urls.catalog,
    MUSIC_URL: urls.music,
    STORE_URL: urls.store,
    DATA_DIR: path.resolve(dataDir),
    AMQP_URL: brokerUrls[system],
    RABBITMQ_MANAGEMENT_URL: (managementUrl ?? "http://localhost:15672").replaceAll(
      "//127.0.0.1:",
      "//localhost:",
    ),
    SESSION_PUBLIC_JWK: JSON.stringify(sessionKeys.publicJwk),
    PORT: String(ports[system]),
    NEXT_TELEMETRY_DISABLED: "1",
  });
  if (system === "store") {
    if (!sessionKeys.privateJwk) throw new Error("systemEnv: sessionKeys.privateJwk is required for store");
    if (!adminPassword)
      throw new Error("systemEnv: adminPassword is required for store (ensureAdminCredentials)");
    env.SESSION_PRIVATE_JWK = JSON.stringify(sessionKeys.privateJwk);
    env.ADMIN_EMAIL = adminEmail;
    env.ADMIN_PASSWORD = adminPassword;
    if (orderPendingTimeoutS !== undefined && orderPendingTimeoutS !== "") {
      env.ORDER_PENDING_TIMEOUT_S = String(orderPendingTimeoutS);
    }
  }
  return env;
}

// ---------------------------------------------------------------------------------------------
// processes

/** Path of a binary in node_modules/.bin (the system's own, else the root's). */
export function binPath(name, { rootDir = ROOT_DIR, cwd } = {}) {
  for (const dir of [cwd, rootDir].filter(Boolean)) {
    const candidate = path.join(dir, "node_modules", ".bin", name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

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

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

function exited(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child, timeoutMs) {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
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
 * with. Seeding is the systems' own, idempotent script. Rejects with the tail of the output.
 */
export async function seedSystems({
  rootDir = ROOT_DIR,
  systems = SYSTEMS,
  log = console.log,
  verbose,
  ...opts
}) {
  const started = Date.now();
  await Promise.all(
    systems.map(async (sys) => {
      const { file, stream } = openLog(opts.dataDir, `${sys}-seed`);
      const out = lineLogger(`${sys}:seed`, stream, verbose);
      const child = spawn("npm", ["run", "--silent", "seed", "-w", `@scs/${sys}`], {
        cwd: rootDir,
        env: systemEnv(sys, opts),
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout.on("data", out.write);
      child.stderr.on("data", out.write);
      const code = await new Promise((resolve) => {
        child.on("error", () => resolve(-1));
        child.on("close", resolve);
      });
      out.flush();
      stream.end();
      if (code !== 0) {
        throw new SetupError(`Seeding ${sys} failed (exit ${code}). Last output (${file}):\n${out.recent()}`);
      }
    }),
  );
  log(`Seeded ${systems.join(", ")} (${seconds(started)})`);
}

async function httpStatus(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: "manual" });
    await res.arrayBuffer().catch(() => {});
    return res.status;
  } catch {
    return 0;
  }
}

/**
 * Starts the three systems: (optionally) seeds them, runs `next start -p PORT` (production) or
 * `next dev -p PORT` (dev) in systems/<sys>, each in its own process group, and waits until
 * GET /api/health and then GET /api/ready answer 200 on each, printing a line per system.
 * Output goes to <dataDir>/logs/<sys>.log, prefixed `[sys]`, and to the console when `verbose`.
 *
 * Returns { urls, ports, pids, logDir, stop(), stopSystem(sys, signal?), startSystem(sys) }. stop() SIGTERMs the
 * process groups it started; stopSystem/startSystem stop and restart one system (fault tests, e2e).
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
    const args = [cli, mode === "dev" ? "dev" : "start", "-p", String(port)];
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

  try {
    for (const sys of SYSTEMS) adopt(sys, launch(sys));
    await waitForSuite({ urls, local: suiteUrls(ports), children, loggers, log, timeoutMs: readyTimeoutMs });
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
    await waitForSuite({
      urls,
      local: suiteUrls(ports),
      children,
      loggers,
      log,
      timeoutMs: readyTimeoutMs,
      systems: [sys],
    });
  };

  /**
   * Replaces a running system with a fresh process (scripts/lib/restart.mjs): starts it on `port`
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
    try {
      await waitForSuite({
        urls: { [sys]: `http://localhost:${port}` },
        local: { [sys]: `http://localhost:${port}` },
        children: candidates,
        loggers,
        log,
        timeoutMs: readyTimeoutMs,
        systems: [sys],
      });
    } catch (err) {
      replaced.add(child);
      killGroup(child.pid, "SIGTERM");
      await waitForExit(child, stopTimeoutMs);
      starting.delete(child);
      throw err;
    }
    const readyMs = Date.now() - begun;
    try {
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
    logDir: path.join(dataDir, "logs"),
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

/** Polls /api/health then /api/ready of each system until 200, printing a line per system. */
async function waitForSuite({ urls, local, children, loggers, log, timeoutMs, systems = SYSTEMS }) {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let lastNote = Date.now();
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
        if (!healthy) healthy = (await httpStatus(`${local[sys]}/api/health`)) === 200;
        if (healthy) {
          const ready = await httpStatus(`${local[sys]}/api/ready`);
          if (ready === 200) {
            log(`  ${sys.padEnd(8)} up on ${urls[sys]} (${seconds(started)})`);
            return;
          }
        }
        if (Date.now() > deadline) {
          throw new SetupError(
            `${sys} did not become ${healthy ? "ready (/api/ready)" : "healthy (/api/health)"} within ${timeoutMs / 1000}s. Last output:\n${loggers[sys]?.recent() ?? ""}`,
          );
        }
        if (Date.now() - lastNote > 10_000) {
          lastNote = Date.now();
          log(`  … waiting for the systems (${seconds(started)})`);
        }
        await sleep(200);
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// end-to-end tests

/**
 * The broker description `npm test` passes to the end-to-end tests in E2E_BROKER_JSON:
 * { brokerUrls: {catalog,music,store}, managementUrl, adminUser, adminPassword, adminUrl, host, amqpPort, vhost }.
 */
export function brokerJson(broker) {
  return JSON.stringify({
    brokerUrls: broker.brokerUrls,
    managementUrl: broker.managementUrl,
    adminUser: broker.adminUser,
    adminPassword: broker.adminPassword,
    adminUrl: broker.adminUrl,
    host: broker.host,
    amqpPort: broker.amqpPort,
    vhost: "scs",
  });
}

/**
 * Everything the end-to-end tests need, in one call: the broker from E2E_BROKER_JSON (or, when
 * it is not set, a private broker of its own on free ports), a fresh data directory, session
 * keys, free ports, a production suite (already built) and its URLs.
 *
 * `orderPendingTimeoutS` sets store's pending-order deadline (the journeys use a short one).
 *
 * `brokerNodes` > 1: a private RabbitMQ cluster of that many nodes of its own on free ports (never
 * E2E_BROKER_JSON's broker, since the caller kills its nodes); the systems get every node's address,
 * and `cluster` is its handle (nodes, restartNode).
 *
 * The front door (scripts/lib/gateway.mjs) runs on a free port too: `frontDoor` is its URL,
 * `gateway` its handle (ports, route, reload): each system has a second free port there that
 * scripts/lib/restart.mjs moves it to and back.
 *
 * Returns { urls, frontDoor, gateway, ports, dataDir, broker, adminEmail, adminPassword, customer, sessionKeys, stop() }.
 */
export async function startE2ESuite({
  rootDir = ROOT_DIR,
  dataDir,
  mode = "production",
  log = console.log,
  verbose = Boolean(ENV.E2E_VERBOSE),
  adminEmail = DEFAULT_ADMIN_EMAIL,
  adminPassword,
  keepData = Boolean(ENV.E2E_KEEP_DATA),
  orderPendingTimeoutS,
  brokerNodes = 1,
} = {}) {
  const ownDataDir = !dataDir;
  const testRoot = path.join(rootDir, ".test-data");
  mkdirSync(testRoot, { recursive: true });
  dataDir = dataDir ? path.resolve(dataDir) : mkdtempSync(path.join(testRoot, "e2e-"));

  let broker;
  let ownBroker;
  /** A private broker booting while the systems are seeded (resolved at once otherwise). */
  let brokerStarting = Promise.resolve();
  let cluster = null;
  if (brokerNodes > 1) {
    log(`starting a private RabbitMQ cluster of ${brokerNodes} nodes`);
    const [epmdPort = 0, ...nodePorts] = await findFreePorts(1 + 3 * brokerNodes);
    cluster = await startPrivateCluster({
      baseDir: path.join(dataDir, "rabbitmq"),
      nodes: brokerNodes,
      epmdPort,
      ports: Array.from({ length: brokerNodes }, (_, i) => ({
        amqpPort: nodePorts[3 * i],
        managementPort: nodePorts[3 * i + 1],
        distPort: nodePorts[3 * i + 2],
      })),
      log,
    });
    ownBroker = cluster;
    await provisionBroker({
      managementUrl: cluster.managementUrl,
      adminUser: cluster.adminUser,
      adminPassword: cluster.adminPassword,
      credentials: cluster.credentials,
    });
    // Every node's management API, as `npm start -- --broker-nodes` passes it (/ops asks any that answers).
    broker = {
      ...JSON.parse(brokerJson(cluster)),
      managementUrl: cluster.nodes.map((node) => node.managementUrl).join(","),
    };
  } else if (ENV.E2E_BROKER_JSON) {
    broker = JSON.parse(ENV.E2E_BROKER_JSON);
  } else {
    log("E2E_BROKER_JSON is not set: starting a private RabbitMQ for the end-to-end tests");
    const [amqpPort, managementPort, distPort, epmdPort] = await findFreePorts(4);
    const baseDir = path.join(dataDir, "rabbitmq");
    // The seeds need the broker's address, not the broker (as in `npm start`): they run while it
    // boots, with the credentials it will be started with.
    const credentials = loadOrCreateCredentials(path.join(baseDir, "credentials.json"), { withAdmin: true });
    broker = {
      brokerUrls: systemAmqpUrls({ credentials, port: amqpPort }),
      managementUrl: `http://127.0.0.1:${managementPort}`,
    };
    brokerStarting = (async () => {
      ownBroker = await startPrivateBroker({ baseDir, amqpPort, managementPort, distPort, epmdPort, log });
      await provisionBroker({
        managementUrl: ownBroker.managementUrl,
        adminUser: ownBroker.adminUser,
        adminPassword: ownBroker.adminPassword,
        credentials: ownBroker.credentials,
      });
      broker = JSON.parse(brokerJson(ownBroker));
    })();
  }

  const sessionKeys = ensureSessionKeys(dataDir);
  adminPassword = ensureAdminCredentials(dataDir, { email: adminEmail, password: adminPassword }).password;
  const [catalog, music, store, gatewayPort, ...awayPorts] = await findFreePorts(7);
  const ports = { catalog, music, store };
  const frontDoorUrl = `http://localhost:${gatewayPort}`;
  let suite;
  try {
    const seeding = seedSystems({
      rootDir,
      dataDir,
      ports,
      brokerUrls: broker.brokerUrls,
      managementUrl: broker.managementUrl,
      sessionKeys,
      adminEmail,
      adminPassword,
      orderPendingTimeoutS,
      frontDoorUrl,
      log,
      verbose,
    });
    // Both settle before either failure is thrown: nothing is left starting behind the error.
    const [seeded, started] = await Promise.allSettled([seeding, brokerStarting]);
    for (const result of [started, seeded]) if (result.status === "rejected") throw result.reason;
    suite = await startSuite({
      seed: false,
      rootDir,
      dataDir,
      ports,
      brokerUrls: broker.brokerUrls,
      managementUrl: broker.managementUrl,
      sessionKeys,
      adminEmail,
      adminPassword,
      orderPendingTimeoutS,
      frontDoorUrl,
      mode,
      log,
      verbose,
    });
  } catch (err) {
    await ownBroker?.stop();
    if (ownDataDir && !keepData) rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  // The front door on a free port, in front of the systems' direct ports.
  let gateway;
  try {
    gateway = await startGateway({
      dataDir,
      port: gatewayPort,
      // Each system's port and a second free one a zero-downtime restart moves it to (and back).
      upstreams: Object.fromEntries(
        Object.entries(ports).map(([sys, port], i) => [
          sys,
          [`127.0.0.1:${port}`, `127.0.0.1:${awayPorts[i]}`],
        ]),
      ),
      publicUrls: suite.urls,
      log,
    });
    log(`front door on ${gateway.url}`);
  } catch (err) {
    await suite.stop();
    await ownBroker?.stop();
    if (ownDataDir && !keepData) rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    urls: suite.urls,
    frontDoor: gateway.url,
    gateway,
    ports,
    dataDir,
    broker,
    cluster,
    adminEmail,
    adminPassword,
    customer: { ...DEMO_CUSTOMER },
    sessionKeys,
    logDir: suite.logDir,
    stopSystem: suite.stopSystem,
    startSystem: suite.startSystem,
    livePorts: suite.livePorts,
    replaceSystem: suite.replaceSystem,
    stop: async () => {
      await gateway.stop();
      await suite.stop();
      await ownBroker?.stop();
      if (ownDataDir && !keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// small helpers shared by start.mjs and test.mjs

/** Runs a command to completion with inherited output; resolves its exit code. */
/** Runs a command in its own process group; its output goes to ours, or to `logFile` when given. */
export function runCommand(cmd, args, { cwd = ROOT_DIR, env = process.env, onChild, logFile } = {}) {
  return new Promise((resolve) => {
    const out = logFile ? openSync(logFile, "a") : "inherit";
    const child = spawn(cmd, args, { cwd, env, stdio: ["inherit", out, out], detached: true });
    if (typeof out === "number") closeSync(out);
    onChild?.(child);
    child.on("error", (err) => {
      console.error(`${cmd}: ${err.message}`);
      resolve(-1);
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

export { killGroup, seconds, sleep };
