// RabbitMQ for the suite: a private node started from the rabbitmq-server binary, or an
// external broker given by RABBITMQ_URL; provisioning through the management HTTP API.
// Plain Node ESM, Node built-ins only: this runs before node_modules exists.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const SYSTEMS = ["catalog", "music", "store"];
export const VHOST = "scs";
export const RABBITMQ_SERVER = "/usr/lib/rabbitmq/bin/rabbitmq-server";
export const RABBITMQCTL = "/usr/lib/rabbitmq/bin/rabbitmqctl";
export const EPMD = "/usr/bin/epmd";
/** Explicit consumer timeout (ms) of the private node: 30 minutes. */
export const CONSUMER_TIMEOUT_MS = 30 * 60 * 1000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** An error whose message is meant for the operator as is (no stack trace needed). */
export class SetupError extends Error {
  constructor(message) {
    super(message);
    this.name = "SetupError";
  }
}

// ---------------------------------------------------------------------------------------------
// ports

/** A free TCP port on 127.0.0.1 (bind port 0, read it, close). */
export function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen({ port: 0, host: "127.0.0.1", exclusive: true }, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** `n` distinct free ports. */
export async function findFreePorts(n) {
  const ports = new Set();
  while (ports.size < n) ports.add(await findFreePort());
  return [...ports];
}

/** True when something accepts TCP connections on host:port. */
export function isPortInUse(port, host = "127.0.0.1") {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (inUse) => {
      socket.destroy();
      resolve(inUse);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

// ---------------------------------------------------------------------------------------------
// installation

function osRelease() {
  try {
    const text = readFileSync("/etc/os-release", "utf8");
    const get = (key) => (text.match(new RegExp(`^${key}="?([^"\\n]*)"?`, "m")) ?? [])[1] ?? "";
    return { id: get("ID"), idLike: get("ID_LIKE") };
  } catch {
    return { id: "", idLike: "" };
  }
}

/** Debian or Ubuntu (or a derivative) with apt-get available. */
export function isDebianLike() {
  const { id, idLike } = osRelease();
  const debianish = /\b(debian|ubuntu)\b/.test(`${id} ${idLike}`);
  return debianish && spawnSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" }).status === 0;
}

export const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

let aptUpdated = false;
/**
 * Installs Debian packages with apt-get (root only), printing what it does.
 * Returns true on success, false when it cannot (not root / not Debian-like / apt failed).
 */
export function aptInstall(packages, { log = console.log, reason = "" } = {}) {
  if (!isRoot() || !isDebianLike()) return false;
  log(`Installing ${packages.join(", ")} with apt-get${reason ? ` (${reason})` : ""} …`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (!aptUpdated) {
    const update = spawnSync("apt-get", ["update"], { stdio: "inherit", env });
    if (update.status !== 0) return false;
    aptUpdated = true;
  }
  const install = spawnSync("apt-get", ["install", "-y", "--no-install-recommends", ...packages], {
    stdio: "inherit",
    env,
  });
  return install.status === 0;
}

export const isRabbitmqInstalled = () => existsSync(RABBITMQ_SERVER) && existsSync(RABBITMQCTL);

export const BROKER_OPTIONS_HELP = [
  "Options:",
  "  - install RabbitMQ 3.x: `sudo apt-get install -y rabbitmq-server` (Debian/Ubuntu),",
  "    then run this command again (it starts its own private node under the data directory);",
  "  - or point the suite at a broker you run: RABBITMQ_URL=amqp://<admin>:<password>@<host>:5672",
  "    (an administrator; RABBITMQ_MANAGEMENT_URL defaults to http://<host>:15672);",
  "  - or run the whole suite in Docker: `docker compose up` (see docker-compose.yml).",
].join("\n");

/** Makes sure /usr/lib/rabbitmq/bin/rabbitmq-server exists, installing it with apt as root. */
export function ensureRabbitmqInstalled({ log = console.log } = {}) {
  if (isRabbitmqInstalled()) return;
  log("rabbitmq-server is not installed.");
  if (aptInstall(["rabbitmq-server"], { log, reason: "the suite starts a private RabbitMQ node from it" })) {
    if (isRabbitmqInstalled()) {
      log("rabbitmq-server installed.");
      return;
    }
  }
  throw new SetupError(
    `RabbitMQ is needed but ${RABBITMQ_SERVER} is missing${
      isRoot() && isDebianLike() ? " and apt-get could not install it" : ""
    }.\n${BROKER_OPTIONS_HELP}`,
  );
}

// ---------------------------------------------------------------------------------------------
// credentials

/** 24 random letters and digits (no characters a shell, a URL or a CLI could misread). */
export function generatePassword(length = 24) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += alphabet[byte % 62];
    }
  }
  return out;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * Loads `file` (JSON: { admin?: {user,password}, systems: {catalog,music,store} }) or creates it
 * with random passwords; missing entries are added, existing ones are kept (created once, reused).
 */
export function loadOrCreateCredentials(file, { withAdmin = false } = {}) {
  const current = readJson(file) ?? {};
  const next = { ...current, systems: { ...(current.systems ?? {}) } };
  let changed = !existsSync(file);
  if (withAdmin && !(current.admin?.user && current.admin?.password)) {
    next.admin = { user: "admin", password: generatePassword() };
    changed = true;
  }
  for (const sys of SYSTEMS) {
    if (!next.systems[sys]) {
      next.systems[sys] = generatePassword();
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  }
  return next;
}

/** amqp://<sys>:<pw>@<host>:<port>/scs */
export function systemAmqpUrl(system, { password, port = 5672, host = "127.0.0.1", vhost = VHOST }) {
  return `amqp://${encodeURIComponent(system)}:${encodeURIComponent(password)}@${host}:${port}/${encodeURIComponent(vhost)}`;
}

/** { catalog, music, store } → each system's own AMQP URL. */
export function systemAmqpUrls({ credentials, port = 5672, host = "127.0.0.1", vhost = VHOST }) {
  const systems = credentials.systems ?? credentials;
  return Object.fromEntries(
    SYSTEMS.map((sys) => [sys, systemAmqpUrl(sys, { password: systems[sys], port, host, vhost })]),
  );
}

/** amqp://<user>:<pw>@<host>:<port>[/<vhost>] */
export function adminAmqpUrl({ user, password, host = "127.0.0.1", port = 5672, vhost }) {
  const base = `amqp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}`;
  return vhost ? `${base}/${encodeURIComponent(vhost)}` : base;
}

// ---------------------------------------------------------------------------------------------
// management HTTP API

function authHeader(user, password) {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

async function mgmt(managementUrl, user, password, method, apiPath, body) {
  const url = `${managementUrl.replace(/\/+$/, "")}/api${apiPath}`;
  let res;
  try {
    res = await fetch(url, {
      method,
      headers: {
        authorization: authHeader(user, password),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    throw new SetupError(
      `RabbitMQ management API unreachable at ${url}: ${err.cause?.message ?? err.message}`,
    );
  }
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, ok: res.ok, json, text };
}

/** GET /api/whoami with these credentials: the user's tags, or undefined when refused. */
export async function managementWhoami({ managementUrl, user, password }) {
  const res = await mgmt(managementUrl, user, password, "GET", "/whoami");
  if (!res.ok) return undefined;
  return res.json;
}

/**
 * The other systems' exchanges `system` consumes, derived from the table of consumers in
 * @scs/contracts (shared/contracts/src/consumers.json: which system consumes which event types;
 * an event type's owner is its first segment). Read as plain JSON: this runs before node_modules.
 */
export function consumedExchanges(system) {
  const file = path.join(
    path.dirname(fileURLToPath(import.meta.url)),
    "../../../shared/contracts/src/consumers.json",
  );
  const types = JSON.parse(readFileSync(file, "utf8"))[system];
  if (!Array.isArray(types)) throw new Error(`${file}: no list of consumed events for ${system}`);
  const owners = new Set(types.map((type) => String(type).split(".")[0]));
  return SYSTEMS.filter((s) => s !== system && owners.has(s)).map((s) => `${s}.events`);
}

/**
 * Permissions of a system user on the scs vhost (regular expressions): configure and write only
 * its own `<system>.` names; read its own queues and only the exchanges it consumes (CONTRACT
 * "Messaging"), so that binding to any other exchange is refused (ACCESS_REFUSED).
 */
export function systemPermissions(system) {
  const exchanges = consumedExchanges(system).map((exchange) => exchange.replace(".", "\\."));
  return {
    configure: `^${system}\\.`,
    write: `^${system}\\.`,
    read: `^(${[`${system}\\..*`, ...exchanges].join("|")})$`,
  };
}

/**
 * Creates vhost `scs`, users catalog/music/store (tag `management`) with the given passwords and their
 * least-privilege permissions, gives the administrator full rights on `scs`, and makes sure
 * `guest` has no permissions on `scs`. Management HTTP API only; idempotent.
 * `credentials`: { catalog, music, store } or { systems: {…} }.
 */
export async function provisionBroker({
  managementUrl,
  adminUser,
  adminPassword,
  credentials,
  vhost = VHOST,
}) {
  const systems = credentials.systems ?? credentials;
  const call = async (method, apiPath, body, okStatuses = []) => {
    const res = await mgmt(managementUrl, adminUser, adminPassword, method, apiPath, body);
    if (!res.ok && !okStatuses.includes(res.status)) {
      const hint = res.status === 401 ? " (the administrator credentials were refused)" : "";
      throw new SetupError(
        `RabbitMQ management API ${method} ${apiPath} → ${res.status}${hint}: ${res.text}`,
      );
    }
    return res;
  };
  const v = encodeURIComponent(vhost);
  const whoami = await call("GET", "/whoami");
  const tags = [].concat(whoami.json?.tags ?? []).join(",");
  if (!/administrator/.test(tags)) {
    throw new SetupError(
      `RabbitMQ user "${adminUser}" is not an administrator (tags: ${tags || "none"}); provisioning needs one.`,
    );
  }
  await call("PUT", `/vhosts/${v}`, { description: "self-contained systems suite", tags: "" });
  await call("PUT", `/permissions/${v}/${encodeURIComponent(adminUser)}`, {
    configure: ".*",
    write: ".*",
    read: ".*",
  });
  for (const sys of SYSTEMS) {
    if (!systems[sys]) throw new SetupError(`no broker password for system "${sys}"`);
    // Tag `management`: the system reads its own queues' placement (leader, members online) for
    // /ops; it sees its vhost only, and messages only where its read permission allows.
    await call("PUT", `/users/${encodeURIComponent(sys)}`, { password: systems[sys], tags: "management" });
    await call("PUT", `/permissions/${v}/${encodeURIComponent(sys)}`, systemPermissions(sys));
  }
  if (adminUser !== "guest") await call("DELETE", `/permissions/${v}/guest`, undefined, [404]);
  return { vhost, users: [...SYSTEMS] };
}

// ---------------------------------------------------------------------------------------------
// raw AMQP 0-9-1 probe (no client library): can these credentials open this vhost?

/**
 * Opens an AMQP connection far enough to learn whether the broker accepts `user`/`password` on
 * `vhost` (Connection.Start → StartOk → Tune/TuneOk → Open → OpenOk), then closes it.
 * Resolves { ok: true } or { ok: false, reason }.
 */
export function amqpProbe({ host = "127.0.0.1", port, user, password, vhost = VHOST, timeoutMs = 5000 }) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let buf = Buffer.alloc(0);
    let stage = "start";
    let settled = false;
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, reason: `timeout in stage ${stage}` }), timeoutMs);
    const shortstr = (s) => {
      const b = Buffer.from(s, "utf8");
      return Buffer.concat([Buffer.from([b.length]), b]);
    };
    const longstr = (b) => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(b.length);
      return Buffer.concat([len, b]);
    };
    const method = (classId, methodId, args) => {
      const head = Buffer.alloc(4);
      head.writeUInt16BE(classId, 0);
      head.writeUInt16BE(methodId, 2);
      const payload = Buffer.concat([head, args]);
      const frame = Buffer.alloc(7);
      frame.writeUInt8(1, 0);
      frame.writeUInt16BE(0, 1);
      frame.writeUInt32BE(payload.length, 3);
      socket.write(Buffer.concat([frame, payload, Buffer.from([0xce])]));
    };
    socket.on("connect", () => socket.write(Buffer.from("AMQP\x00\x00\x09\x01", "latin1")));
    socket.on("error", (err) =>
      finish({
        ok: false,
        reason: stage === "startok" ? "authentication refused" : `${stage}: ${err.message}`,
      }),
    );
    socket.on("close", () =>
      finish({
        ok: false,
        reason: stage === "startok" ? "authentication refused" : `closed in stage ${stage}`,
      }),
    );
    socket.on("data", (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 7) {
        const size = buf.readUInt32BE(3);
        if (buf.length < 8 + size) return;
        const type = buf.readUInt8(0);
        const payload = buf.subarray(7, 7 + size);
        buf = buf.subarray(8 + size);
        if (type !== 1) continue;
        const classId = payload.readUInt16BE(0);
        const methodId = payload.readUInt16BE(2);
        if (classId !== 10) continue;
        if (methodId === 10) {
          stage = "startok";
          const emptyTable = Buffer.alloc(4);
          const response = Buffer.from(`\0${user}\0${password}`, "utf8");
          method(
            10,
            11,
            Buffer.concat([emptyTable, shortstr("PLAIN"), longstr(response), shortstr("en_US")]),
          );
        } else if (methodId === 30) {
          stage = "open";
          const channelMax = payload.readUInt16BE(4);
          const frameMax = payload.readUInt32BE(6);
          const tuneOk = Buffer.alloc(8);
          tuneOk.writeUInt16BE(channelMax, 0);
          tuneOk.writeUInt32BE(frameMax, 2);
          tuneOk.writeUInt16BE(0, 6);
          method(10, 31, tuneOk);
          method(10, 40, Buffer.concat([shortstr(vhost), shortstr(""), Buffer.from([0])]));
        } else if (methodId === 41) {
          stage = "opened";
          const close = Buffer.concat([Buffer.from([0, 200]), shortstr("bye"), Buffer.alloc(4)]);
          method(10, 50, close);
          finish({ ok: true });
        } else if (methodId === 50) {
          const code = payload.readUInt16BE(4);
          const len = payload.readUInt8(6);
          const text = payload.subarray(7, 7 + len).toString("utf8");
          finish({ ok: false, reason: `${code} ${text}` });
        }
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------
// private node

function progressTicker(label, log) {
  const started = Date.now();
  const tty = process.stdout.isTTY && !process.env.CI;
  let lastLine = 0;
  const timer = setInterval(() => {
    const secs = Math.round((Date.now() - started) / 1000);
    if (tty) process.stdout.write(`\r${label} … ${secs}s `);
    else if (secs - lastLine >= 5) {
      lastLine = secs;
      log(`${label} … ${secs}s`);
    }
  }, 500);
  return {
    done(message) {
      clearInterval(timer);
      if (tty) process.stdout.write("\r\x1b[K");
      if (message) log(`${message} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
    },
  };
}

function tail(file, lines = 30) {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

/** Runs a CLI with `env`, resolves { code, stdout, stderr }. */
function run(cmd, args, { env, timeoutMs = 60_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: String(err) });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}

function waitForExit(child, timeoutMs) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

/**
 * Starts a private RabbitMQ node (own node name, ports, EPMD port, Erlang cookie, data and logs
 * under `baseDir`) from /usr/lib/rabbitmq/bin/rabbitmq-server, waits for it with
 * `rabbitmqctl await_startup`, and bootstraps the administrator `admin` (password kept in
 * `<baseDir>/credentials.json` with the three system passwords); `guest` does not exist on it.
 * Data persists across restarts under baseDir.
 *
 * Returns { amqpPort, managementPort, distPort, epmdPort, nodeName, managementUrl, adminUser,
 * adminPassword, adminUrl, credentials, brokerUrls, pid, stop() }.
 */
export async function startPrivateBroker({
  baseDir,
  amqpPort = 5672,
  managementPort = 15672,
  // The rabbitmq_prometheus plugin's port (on loopback, /metrics); without one it is not enabled.
  prometheusPort,
  distPort = amqpPort + 20000,
  epmdPort = 4369,
  nodeName = `scs-${amqpPort}@localhost`,
  log = console.log,
  startupTimeoutMs = 120_000,
  stopTimeoutMs = 30_000,
  // A cluster's nodes share one HOME (one Erlang cookie) and one credentials file.
  homeDir,
  credentialsFile,
  advancedConfig: advancedConfigText = "[].\n",
} = {}) {
  if (!baseDir) throw new Error("startPrivateBroker: baseDir is required");
  ensureRabbitmqInstalled({ log });
  baseDir = path.resolve(baseDir);
  const dirs = {
    home: homeDir ? path.resolve(homeDir) : path.join(baseDir, "home"),
    mnesia: path.join(baseDir, "mnesia"),
    log: path.join(baseDir, "log"),
    etc: path.join(baseDir, "etc"),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });

  const credentials = loadOrCreateCredentials(credentialsFile ?? path.join(baseDir, "credentials.json"), {
    withAdmin: true,
  });
  const admin = credentials.admin;

  const configFile = path.join(dirs.etc, "rabbitmq.conf");
  writeFileSync(
    configFile,
    [
      "# Generated by scripts/lib/broker.mjs for the private node of the suite; rewritten on every start.",
      `listeners.tcp.default = 127.0.0.1:${amqpPort}`,
      `consumer_timeout = ${CONSUMER_TIMEOUT_MS}`,
      "# guest stays restricted to loopback and is never created here: the first boot creates `admin`.",
      "loopback_users.guest = true",
      `default_user = ${admin.user}`,
      `default_pass = ${admin.password}`,
      "default_user_tags.administrator = true",
      "default_permissions.configure = .*",
      "default_permissions.read = .*",
      "default_permissions.write = .*",
      "",
    ].join("\n"),
    { mode: 0o600 },
  );
  const pluginsFile = path.join(dirs.etc, "enabled_plugins");
  writeFileSync(
    pluginsFile,
    prometheusPort ? "[rabbitmq_management,rabbitmq_prometheus].\n" : "[rabbitmq_management].\n",
  );
  const confEnvFile = path.join(dirs.etc, "rabbitmq-env.conf");
  writeFileSync(confEnvFile, "# intentionally empty: everything comes from the environment\n");
  const advancedConfig = path.join(dirs.etc, "advanced.config");
  writeFileSync(advancedConfig, advancedConfigText);

  const env = {
    ...process.env,
    HOME: dirs.home,
    RABBITMQ_NODENAME: nodeName,
    RABBITMQ_USE_LONGNAME: "false",
    RABBITMQ_NODE_IP_ADDRESS: "127.0.0.1",
    RABBITMQ_NODE_PORT: String(amqpPort),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: dirs.mnesia,
    RABBITMQ_LOG_BASE: dirs.log,
    RABBITMQ_PID_FILE: path.join(baseDir, "rabbitmq.pid"),
    RABBITMQ_CONFIG_FILE: configFile,
    RABBITMQ_ADVANCED_CONFIG_FILE: advancedConfig,
    RABBITMQ_CONF_ENV_FILE: confEnvFile,
    RABBITMQ_ENABLED_PLUGINS_FILE: pluginsFile,
    RABBITMQ_SERVER_START_ARGS: [
      `-rabbitmq_management tcp_config [{port,${managementPort}},{ip,{127,0,0,1}}]`,
      ...(prometheusPort
        ? [`-rabbitmq_prometheus tcp_config [{port,${prometheusPort}},{ip,{127,0,0,1}}]`]
        : []),
    ].join(" "),
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: "-start_epmd false -kernel inet_dist_use_interface {127,0,0,1}",
    RABBITMQ_CTL_ERL_ARGS: "-start_epmd false",
    ERL_EPMD_PORT: String(epmdPort),
    ERL_EPMD_ADDRESS: "127.0.0.1",
  };
  for (const key of ["RABBITMQ_URL", "RABBITMQ_MANAGEMENT_URL"]) delete env[key];

  const ctl = (args, timeoutMs) => run(RABBITMQCTL, ["-q", "-n", nodeName, ...args], { env, timeoutMs });
  const managementUrl = `http://127.0.0.1:${managementPort}`;

  // A node of ours left over from a run that was killed: stop it before starting afresh.
  const pidFile = env.RABBITMQ_PID_FILE;
  const leftoverPid = Number.parseInt(readJsonOrText(pidFile), 10);
  if (leftoverPid && processAlive(leftoverPid)) {
    const status = await ctl(["ping"], 15_000);
    if (status.code === 0) {
      log(`Stopping a RabbitMQ node left over from an earlier run (${nodeName}, pid ${leftoverPid}) …`);
      await ctl(["stop"], 60_000);
    }
  }

  const busy = [];
  for (const [what, port] of [
    ["AMQP", amqpPort],
    ["management", managementPort],
    ...(prometheusPort ? [["Prometheus metrics", prometheusPort]] : []),
    ["Erlang distribution", distPort],
  ]) {
    if (await isPortInUse(port)) busy.push(`${what} port ${port}`);
  }
  if (busy.length) {
    throw new SetupError(
      [
        `Cannot start the private RabbitMQ node: ${busy.join(", ")} already in use on 127.0.0.1.`,
        "Options:",
        "  - stop whatever uses it (another `npm start`? the rabbitmq-server system service:",
        "    `systemctl stop rabbitmq-server`);",
        "  - or use that broker: RABBITMQ_URL=amqp://<admin>:<password>@localhost:5672 (an administrator);",
        "  - or give the private node other ports: SCS_AMQP_PORT, SCS_MANAGEMENT_PORT, SCS_DIST_PORT, SCS_EPMD_PORT,",
        "    SCS_BROKER_METRICS_PORT (rabbitmq_prometheus).",
      ].join("\n"),
    );
  }

  // EPMD of our own on its own port (reused when something already listens there; adopted when
  // it is the one an earlier, killed run of this baseDir started).
  const epmdPidFile = path.join(baseDir, "epmd.pid");
  let epmd;
  let adoptedEpmdPid;
  if (!(await isPortInUse(epmdPort))) {
    epmd = spawn(EPMD, ["-port", String(epmdPort), "-address", "127.0.0.1"], {
      env,
      detached: true,
      stdio: "ignore",
    });
    epmd.on("error", () => {});
    writeFileSync(epmdPidFile, `${epmd.pid}\n`);
    const deadline = Date.now() + 5000;
    while (!(await isPortInUse(epmdPort)) && Date.now() < deadline) await sleep(50);
  } else {
    const pid = Number.parseInt(readJsonOrText(epmdPidFile), 10);
    const cmdline = pid ? readJsonOrText(`/proc/${pid}/cmdline`).split("\0") : [];
    if (cmdline.some((a) => a.endsWith("epmd")) && cmdline.includes(String(epmdPort))) adoptedEpmdPid = pid;
  }

  const consoleLog = path.join(dirs.log, "console.log");
  const out = openSync(consoleLog, "a");
  const server = spawn(RABBITMQ_SERVER, [], { env, detached: true, stdio: ["ignore", out, out] });
  let exited = false;
  let spawnError;
  server.on("exit", () => {
    exited = true;
  });
  server.on("error", (err) => {
    exited = true;
    spawnError = err;
  });

  // If this process ends without calling stop(), ask the node to shut down by itself.
  const onExit = () => {
    if (!exited) killGroup(server.pid, "SIGTERM");
    if (epmd && epmd.exitCode === null) killGroup(epmd.pid, "SIGTERM");
    if (adoptedEpmdPid) killGroup(adoptedEpmdPid, "SIGTERM");
  };
  process.on("exit", onExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      killGroup(server.pid, "SIGTERM");
      if (!(await waitForExit(server, stopTimeoutMs))) {
        log(`RabbitMQ node ${nodeName} did not stop within ${stopTimeoutMs / 1000}s; killing it.`);
        killGroup(server.pid, "SIGKILL");
        await waitForExit(server, 5000);
      }
    }
    // leftovers of the node's process group (erl_child_setup, inet_gethost)
    killGroup(server.pid, "SIGKILL");
    if (epmd && epmd.exitCode === null) {
      killGroup(epmd.pid, "SIGTERM");
      await waitForExit(epmd, 5000);
    }
    if (adoptedEpmdPid) killGroup(adoptedEpmdPid, "SIGTERM");
    rmSync(epmdPidFile, { force: true });
    process.removeListener("exit", onExit);
  };

  const ticker = progressTicker(`Starting RabbitMQ node ${nodeName} (AMQP ${amqpPort})`, log);
  try {
    const deadline = Date.now() + startupTimeoutMs;
    let ready = false;
    let lastErr = "";
    while (!ready && !exited && Date.now() < deadline) {
      const left = Math.max(5, Math.round((deadline - Date.now()) / 1000));
      const res = await ctl(["await_startup", "--timeout", String(left)], (left + 10) * 1000);
      if (res.code === 0) ready = true;
      else {
        lastErr = (res.stderr || res.stdout).trim();
        await sleep(500);
      }
    }
    if (!ready) {
      const why = spawnError
        ? String(spawnError)
        : exited
          ? "the node exited during start-up"
          : `not up after ${startupTimeoutMs / 1000}s${lastErr ? `: ${lastErr}` : ""}`;
      throw new SetupError(
        `RabbitMQ node ${nodeName} failed to start (${why}).\nLast lines of ${consoleLog}:\n${tail(consoleLog)}\n` +
          `Logs: ${dirs.log}`,
      );
    }
    ticker.done(`RabbitMQ node ${nodeName} is up`);

    // The administrator: normally created by the first boot (default_user); bootstrap it with
    // rabbitmqctl when the data directory predates that, and remove guest.
    let whoami;
    const mgmtDeadline = Date.now() + 30_000;
    for (;;) {
      try {
        whoami = await managementWhoami({ managementUrl, user: admin.user, password: admin.password });
        break;
      } catch (err) {
        if (Date.now() > mgmtDeadline) throw err;
        await sleep(250);
      }
    }
    if (!whoami || !/administrator/.test([].concat(whoami.tags ?? []).join(","))) {
      log("Bootstrapping the RabbitMQ administrator with rabbitmqctl …");
      const add = await ctl(["add_user", admin.user, admin.password]);
      if (add.code !== 0) {
        const change = await ctl(["change_password", admin.user, admin.password]);
        if (change.code !== 0)
          throw new SetupError(`rabbitmqctl add_user failed: ${add.stderr}${change.stderr}`);
      }
      for (const args of [
        ["set_user_tags", admin.user, "administrator"],
        ["set_permissions", "-p", "/", admin.user, ".*", ".*", ".*"],
      ]) {
        const res = await ctl(args);
        if (res.code !== 0) throw new SetupError(`rabbitmqctl ${args[0]} failed: ${res.stderr}`);
      }
    }
    const guest = await mgmt(managementUrl, admin.user, admin.password, "GET", "/users/guest");
    if (guest.status === 200) {
      const del = await ctl(["delete_user", "guest"]);
      if (del.code !== 0) throw new SetupError(`rabbitmqctl delete_user guest failed: ${del.stderr}`);
      log("Deleted the RabbitMQ guest user.");
    }
  } catch (err) {
    ticker.done();
    await stop();
    throw err;
  }

  return {
    kind: "private",
    baseDir,
    nodeName,
    host: "127.0.0.1",
    amqpPort,
    managementPort,
    prometheusPort: prometheusPort ?? null,
    distPort,
    epmdPort,
    pid: server.pid,
    managementUrl,
    adminUser: admin.user,
    adminPassword: admin.password,
    adminUrl: adminAmqpUrl({ user: admin.user, password: admin.password, port: amqpPort }),
    credentials,
    brokerUrls: systemAmqpUrls({ credentials, port: amqpPort }),
    env,
    logDir: dirs.log,
    /** Runs rabbitmqctl against this node (same env/HOME/cookie). */
    rabbitmqctl: (args, timeoutMs) => ctl(args, timeoutMs),
    stop,
  };
}

/**
 * Starts a private RabbitMQ cluster of `nodes` nodes on loopback: one Erlang cookie (a shared
 * HOME), one EPMD port, per-node AMQP, management and distribution ports, each node started and
 * awaited like a single one, then joined to the first (`join_cluster`, once: a node restarted
 * later finds its cluster by itself). Quorum queues declared afterwards get a member on every
 * node (`quorum_cluster_size`).
 *
 * Returns what startPrivateBroker returns for the first node, plus `nodes` (each node's handle),
 * `brokerUrls` with every node's address per system (comma-separated: the systems fail over),
 * `restartNode(i)` (same ports and data) and `stop()` (all nodes, last first).
 */
export async function startPrivateCluster({ baseDir, nodes: count = 3, ports, epmdPort, log = console.log }) {
  if (!ports || ports.length < count)
    throw new Error("startPrivateCluster: ports for every node are required");
  baseDir = path.resolve(baseDir);
  const shared = {
    homeDir: path.join(baseDir, "home"),
    credentialsFile: path.join(baseDir, "credentials.json"),
    epmdPort,
    log,
    advancedConfig: `[{rabbit, [{quorum_cluster_size, ${count}}]}].\n`,
  };
  const options = ports.slice(0, count).map(({ amqpPort, managementPort, prometheusPort, distPort }, i) => ({
    ...shared,
    baseDir: path.join(baseDir, `node-${i + 1}`),
    amqpPort,
    managementPort,
    prometheusPort,
    distPort,
  }));
  const nodes = [];
  try {
    // Node 1 first (it creates the shared Erlang cookie and credentials, and it stops last, so it
    // boots without waiting for its peers), then the others at once: each boot takes 10-40 s here.
    const [firstOptions, ...others] = options;
    nodes.push(await startPrivateBroker(firstOptions));
    const started = await Promise.allSettled(others.map((nodeOptions) => startPrivateBroker(nodeOptions)));
    for (const result of started) if (result.status === "fulfilled") nodes.push(result.value);
    const failed = started.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
    for (const [i, nodeOptions] of options.entries()) {
      const node = nodes[i];
      const joined = path.join(nodeOptions.baseDir, "joined-cluster");
      if (i === 0 || existsSync(joined)) continue;
      log(`Joining ${node.nodeName} to ${nodes[0].nodeName} …`);
      for (const args of [["stop_app"], ["reset"], ["join_cluster", nodes[0].nodeName], ["start_app"]]) {
        const res = await node.rabbitmqctl(args, 120_000);
        if (res.code !== 0)
          throw new SetupError(
            `rabbitmqctl ${args.join(" ")} on ${node.nodeName} failed: ${res.stderr || res.stdout}`,
          );
      }
      const ready = await node.rabbitmqctl(["await_startup", "--timeout", "60"], 70_000);
      if (ready.code !== 0)
        throw new SetupError(`${node.nodeName} did not start after joining: ${ready.stderr}`);
      writeFileSync(joined, `${nodes[0].nodeName}\n`);
    }
  } catch (err) {
    for (const node of nodes.reverse()) await node.stop().catch(() => {});
    throw err;
  }
  const first = nodes[0];
  const urlsOf = (system) =>
    nodes
      .map((node) =>
        systemAmqpUrl(system, { password: first.credentials.systems[system], port: node.amqpPort }),
      )
      .join(",");
  return {
    ...first,
    kind: "private-cluster",
    nodes,
    brokerUrls: Object.fromEntries(SYSTEMS.map((system) => [system, urlsOf(system)])),
    adminUrl: nodes
      .map((node) =>
        adminAmqpUrl({ user: first.adminUser, password: first.adminPassword, port: node.amqpPort }),
      )
      .join(","),
    /** Starts node `i` again (after a kill or a stop) on the same ports and data. */
    async restartNode(i) {
      nodes[i] = await startPrivateBroker(options[i]);
      return nodes[i];
    },
    async stop() {
      // Node 1 last: the last node to stop is the one that boots first without waiting for the others.
      const [firstNode, ...others] = nodes;
      await Promise.all(others.map((node) => node.stop().catch(() => {})));
      await firstNode?.stop().catch(() => {});
    },
  };
}

function readJsonOrText(file) {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    return "";
  }
}

// ---------------------------------------------------------------------------------------------
// external broker

/**
 * Uses the broker at RABBITMQ_URL (an administrator AMQP URL). The management API is at
 * `managementUrl` (default http://<host>:15672) with the same credentials. System users get
 * generated passwords stored in <dataDir>/broker/credentials.json.
 */
export function externalBroker({ rabbitmqUrl, managementUrl, dataDir }) {
  // A cluster: several administrator URLs, comma-separated; the systems get every node.
  const nodeUrls = rabbitmqUrl
    .split(",")
    .map((u) => u.trim())
    .filter(Boolean)
    .map((u) => {
      try {
        return new URL(u);
      } catch {
        throw new SetupError(`RABBITMQ_URL is not a URL (or a comma-separated list of them): ${u}`);
      }
    });
  const url = nodeUrls[0];
  if (!url) throw new SetupError("RABBITMQ_URL is empty");
  for (const u of nodeUrls)
    if (u.protocol !== "amqp:" && u.protocol !== "amqps:")
      throw new SetupError(`RABBITMQ_URL must be amqp:// or amqps:// (got ${u.protocol})`);
  const adminUser = decodeURIComponent(url.username || "guest");
  const adminPassword = decodeURIComponent(url.password || "guest");
  const host = url.hostname;
  const amqpPort = Number(url.port || (url.protocol === "amqps:" ? 5671 : 5672));
  const mgmtUrl = (managementUrl || `http://${host.includes(":") ? `[${host}]` : host}:15672`).replace(
    /\/+$/,
    "",
  );
  const credentials = loadOrCreateCredentials(path.join(path.resolve(dataDir), "broker", "credentials.json"));
  const scheme = url.protocol.slice(0, -1);
  const perNode = nodeUrls.map((u) =>
    systemAmqpUrls({
      credentials,
      port: Number(u.port || (u.protocol === "amqps:" ? 5671 : 5672)),
      host: u.hostname,
    }),
  );
  const brokerUrls = Object.fromEntries(
    SYSTEMS.map((k) => [k, perNode.map((urls) => urls[k].replace(/^amqp:/, `${scheme}:`)).join(",")]),
  );
  return {
    kind: "external",
    host,
    amqpPort,
    managementUrl: mgmtUrl,
    adminUser,
    adminPassword,
    adminUrl: rabbitmqUrl,
    credentials,
    brokerUrls,
    stop: async () => {},
  };
}
