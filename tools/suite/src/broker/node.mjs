// A private RabbitMQ node of the suite's own, started from Debian's rabbitmq-server binary (installed
// with apt as root when missing): its own node name, ports, EPMD, Erlang cookie, data and logs.
// Plain Node ESM, Node built-ins only: this runs before node_modules exists.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { aptInstall, isDebianLike, isRoot } from "../apt.mjs";
import { isPortInUse } from "../ports.mjs";
import { killGroup, processAlive, runCaptured, SetupError, sleep, waitForExit } from "../process.mjs";
import { adminAmqpUrl, loadOrCreateCredentials, systemAmqpUrls } from "./credentials.mjs";
import { managementWhoami, mgmt } from "./provision.mjs";

/**
 * A private RabbitMQ node: its ports, its administrator and system users, and its process.
 * @typedef {import("./credentials.mjs").BrokerInfo & {
 *   kind: "private";
 *   baseDir: string;
 *   managementPort: number;
 *   prometheusPort: number | null;
 *   distPort: number;
 *   epmdPort: number;
 *   nodeName: string;
 *   credentials: { systems: import("../env.mjs").PerSystem<string>; admin: import("./credentials.mjs").UserPassword };
 *   pid: number;
 *   env: NodeJS.ProcessEnv;
 *   logDir: string;
 *   rabbitmqctl(args: string[], timeoutMs?: number): Promise<{ code: number; stdout: string; stderr: string }>;
 *   stop(): Promise<void>;
 * }} PrivateBroker
 */

export const RABBITMQ_SERVER = "/usr/lib/rabbitmq/bin/rabbitmq-server";
export const RABBITMQCTL = "/usr/lib/rabbitmq/bin/rabbitmqctl";
export const EPMD = "/usr/bin/epmd";
/** Explicit consumer timeout (ms) of the private node: 30 minutes. */
export const CONSUMER_TIMEOUT_MS = 30 * 60 * 1000;
/**
 * Where the quorum queues' shared write-ahead log rolls over: 64 MiB instead of RabbitMQ's 512 MiB
 * (docs/decisions/0026-small-quorum-wal.md). Until a rollover the node keeps every entry of the WAL
 * in memory, then hands them all to its segment writer at once; on two cores shared with the
 * systems a 512 MiB rollover held deliveries back for 1-1.4 s, a 64 MiB one for 0.2-0.5 s.
 */
export const RA_WAL_MAX_SIZE_BYTES = 64 * 1024 * 1024;

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

function readJsonOrText(file) {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    return "";
  }
}

/**
 * Starts a private RabbitMQ node (own node name, ports, EPMD port, Erlang cookie, data and logs
 * under `baseDir`) from /usr/lib/rabbitmq/bin/rabbitmq-server, waits until its AMQP listener
 * accepts connections, and bootstraps the administrator `admin` (password kept in
 * `<baseDir>/credentials.json` with the three system passwords); `guest` does not exist on it.
 * Data persists across restarts under baseDir.
 *
 * Returns { amqpPort, managementPort, distPort, epmdPort, nodeName, managementUrl, adminUser,
 * adminPassword, adminUrl, credentials, brokerUrls, pid, stop() }.
 *
 * @param {object} options
 * @param {string} options.baseDir
 * @param {number} [options.amqpPort]
 * @param {number} [options.managementPort]
 * @param {number} [options.prometheusPort]
 * @param {number} [options.distPort]
 * @param {number} [options.epmdPort]
 * @param {string} [options.nodeName]
 * @param {(line: string) => void} [options.log]
 * @param {number} [options.startupTimeoutMs]
 * @param {number} [options.stopTimeoutMs]
 * @param {string} [options.homeDir]
 * @param {string} [options.credentialsFile]
 * @param {string} [options.advancedConfig]
 * @returns {Promise<PrivateBroker>}
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
      "# Generated by tools/suite/src/broker/node.mjs for the private node of the suite; rewritten on every start.",
      `listeners.tcp.default = 127.0.0.1:${amqpPort}`,
      `consumer_timeout = ${CONSUMER_TIMEOUT_MS}`,
      "# Smaller rollovers of the quorum queues' write-ahead log: RA_WAL_MAX_SIZE_BYTES in node.mjs.",
      `raft.wal_max_size_bytes = ${RA_WAL_MAX_SIZE_BYTES}`,
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
    // RabbitMQ's scripts bind each Erlang scheduler to one core (`+stbt db`), which pays when the
    // broker has the machine to itself. This node shares its cores with the systems: a bound
    // scheduler waits for its own core while a system runs there and the other core is free.
    // Unbound, T2's lag at 5,000 writes/s fell from p50 10-11 ms to 7-8.5 ms (docs/benchmarks.md).
    RABBITMQ_SCHEDULER_BIND_TYPE: "u",
    RABBITMQ_CTL_ERL_ARGS: "-start_epmd false",
    ERL_EPMD_PORT: String(epmdPort),
    ERL_EPMD_ADDRESS: "127.0.0.1",
  };
  for (const key of ["RABBITMQ_URL", "RABBITMQ_MANAGEMENT_URL"]) delete env[key];

  const ctl = (args, timeoutMs) =>
    runCaptured(RABBITMQCTL, ["-q", "-n", nodeName, ...args], { env, timeoutMs });
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
    // The node opens its AMQP listener last, after its plugins (the management API) started: a
    // connection accepted there means it is up. Not `rabbitmqctl await_startup`: each call is an
    // Erlang VM of its own (~2 s to start here), retried while the node is not yet reachable.
    const deadline = Date.now() + startupTimeoutMs;
    let ready = false;
    while (!ready && !exited && Date.now() < deadline) {
      ready = await isPortInUse(amqpPort);
      if (!ready) await sleep(100);
    }
    if (!ready) {
      const why = spawnError
        ? String(spawnError)
        : exited
          ? "the node exited during start-up"
          : `not up after ${startupTimeoutMs / 1000}s`;
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
