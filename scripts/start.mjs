// `npm start` (production) and `npm run dev` (`--dev`, hot reload): sets everything up on a fresh
// clone (dependencies, broker, build, migrations and demo data through each system's seed) and
// runs the suite until Ctrl-C, which stops everything this script started, broker included.
// `--monitoring` adds Prometheus (tools/suite/src/monitoring.mjs) scraping the systems and the broker.
// Plain Node ESM, Node built-ins only: this runs before node_modules exists, so it imports the
// suite's tooling (@scs/suite) and @scs/contracts' names by path, not by name.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SYSTEMS } from "../shared/contracts/src/names.mjs";
import { startPrivateCluster } from "../tools/suite/src/broker/cluster.mjs";
import { loadOrCreateCredentials, systemAmqpUrls } from "../tools/suite/src/broker/credentials.mjs";
import { externalBroker } from "../tools/suite/src/broker/external.mjs";
import { ensureRabbitmqInstalled, startPrivateBroker } from "../tools/suite/src/broker/node.mjs";
import { provisionBroker } from "../tools/suite/src/broker/provision.mjs";
import { DEFAULT_ADMIN_EMAIL, DEFAULT_PORTS, DEMO_CUSTOMER, suiteUrls } from "../tools/suite/src/env.mjs";
import {
  DEFAULT_GATEWAY_PORT,
  ensureNginxInstalled,
  PREFIXES,
  startGateway,
} from "../tools/suite/src/gateway.mjs";
import { ensurePrometheusInstalled, startPrometheus } from "../tools/suite/src/monitoring.mjs";
import {
  binPath,
  killGroup,
  ROOT_DIR,
  runCommand,
  SetupError,
  seconds,
} from "../tools/suite/src/process.mjs";
import { restartSystem, SECOND_PORT_OFFSET, serveRestarts } from "../tools/suite/src/restart.mjs";
import { ensureAdminCredentials, ensureSessionKeys } from "../tools/suite/src/secrets.mjs";
import { ensureDependencies, ensureNativeAddons } from "../tools/suite/src/setup.mjs";
import {
  productionBuildEnv,
  seedSystems,
  startSuite,
  stopLeftoverSystems,
  waitForBrokerConnections,
} from "../tools/suite/src/systems.mjs";

/** The process environment (variables of the operator, not inputs of any turbo task). */
const ENV = process.env;

const started = Date.now();
const argv = process.argv.slice(2);
const dev = argv.includes("--dev");
const verbose = dev || argv.includes("--verbose") || ENV.VERBOSE === "1";
const monitoring = argv.includes("--monitoring");
const mode = dev ? "dev" : "production";
const rootDir = ROOT_DIR;
const dataDir = path.resolve(rootDir, process.env.DATA_DIR || ".data");
const adminEmail = ENV.ADMIN_EMAIL || DEFAULT_ADMIN_EMAIL;
const log = (msg) => console.log(msg);

/** Ports: the defaults, or those of CATALOG_URL / MUSIC_URL / STORE_URL when set (public base URLs). */
function portsAndUrls() {
  const ports = { ...DEFAULT_PORTS };
  const urls = {};
  for (const [sys, name] of [
    ["catalog", "CATALOG_URL"],
    ["music", "MUSIC_URL"],
    ["store", "STORE_URL"],
  ]) {
    const value = ENV[name];
    if (!value) continue;
    let url;
    try {
      url = new URL(value);
    } catch {
      throw new SetupError(`${name} is not a URL: ${value}`);
    }
    if (url.port) ports[sys] = Number(url.port);
    urls[sys] = value.replace(/\/+$/, "");
  }
  return { ports, urls: { ...suiteUrls(ports), ...urls } };
}
const envPort = (name, fallback) => {
  const n = Number.parseInt(ENV[name] ?? "", 10);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

/**
 * The phases of this start, timed from its beginning and printed when the suite is ready: where a
 * start's time goes (a cold start installs and builds; a warm one should only boot).
 * @type {{ name: string, from: number, to: number }[]}
 */
const phases = [];
/** Runs `fn` as the phase `name`; phases may overlap (they run concurrently where they can). */
async function phase(name, fn) {
  const from = Date.now();
  try {
    return await fn();
  } finally {
    phases.push({ name, from: from - started, to: Date.now() - started });
  }
}
function phaseReport() {
  const s = (ms) => (ms / 1000).toFixed(1);
  const width = Math.max(...phases.map((p) => p.name.length));
  return [
    "Where the start's time went (seconds since npm start; phases overlap where they run together):",
    ...[...phases]
      .sort((a, b) => a.from - b.from)
      .map(
        (p) => `  ${p.name.padEnd(width)}  ${s(p.to - p.from).padStart(6)} s   (${s(p.from)} → ${s(p.to)})`,
      ),
  ].join("\n");
}

/** Things to undo on exit, last first. */
const cleanups = [];
/** Child processes of set-up steps (npm, turbo) that a signal must stop. */
const steps = new Set();
let shuttingDown = false;

async function shutdown(code, reason) {
  if (shuttingDown) return;
  shuttingDown = true;
  if (reason) log(`\n${reason}`);
  for (const child of steps) killGroup(child.pid, "SIGTERM");
  while (cleanups.length) {
    const [label, fn] = cleanups.pop();
    try {
      log(`Stopping ${label} …`);
      await fn();
    } catch (err) {
      console.error(`  could not stop ${label}: ${err.message}`);
    }
  }
  log("Stopped.");
  process.exit(code);
}

let signals = 0;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    signals += 1;
    if (signals > 1) {
      log("Second signal: exiting now.");
      process.exit(130);
    }
    shutdown(0, `${signal} received: stopping everything this started (Ctrl-C again to force).`);
  });
}

function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(invalid URL)";
  }
}

function box(lines) {
  const width = Math.max(...lines.map((l) => l.length));
  const bar = "─".repeat(width + 2);
  return [`┌${bar}┐`, ...lines.map((l) => `│ ${l.padEnd(width)} │`), `└${bar}┘`].join("\n");
}

/** One `npm start` per data directory: <dataDir>/run/start.pid names the running one. */
function claimDataDir() {
  const file = path.join(dataDir, "run", "start.pid");
  try {
    const pid = Number.parseInt(readFileSync(file, "utf8"), 10);
    if (pid && pid !== process.pid && readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("start.mjs")) {
      throw new SetupError(
        `Another \`npm start\` (pid ${pid}) is running with ${dataDir}. Stop it first (Ctrl-C in its terminal, ` +
          `or \`kill ${pid}\`), or give this one another DATA_DIR and ports.`,
      );
    }
  } catch (err) {
    if (err instanceof SetupError) throw err;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${process.pid}\n`);
  process.on("exit", () => {
    try {
      if (readFileSync(file, "utf8").trim() === String(process.pid)) rmSync(file, { force: true });
    } catch {
      /* gone already */
    }
  });
}

async function main() {
  log(`Starting the suite (${mode} mode), data in ${path.relative(process.cwd(), dataDir) || "."}`);
  claimDataDir();
  await stopLeftoverSystems({ rootDir, dataDir, log });
  const trackStep = (child) => {
    steps.add(child);
    child.on("exit", () => steps.delete(child));
  };
  // npm installs while apt installs RabbitMQ and nginx (when missing): the one downloads and
  // compiles, the other mostly waits for dpkg. The apt steps are synchronous; npm runs in its own process.
  // Only what builds and runs the suite (`dependencies`); npm test installs the test tools. Native
  // addons (better-sqlite3) are built afterwards, beside the builds.
  const installing = phase("dependencies (npm install)", () =>
    ensureDependencies(rootDir, { scope: "start", compileLater: true, log, onChild: trackStep }),
  );
  await phase("system packages (apt, when missing)", () => {
    if (!process.env.RABBITMQ_URL) ensureRabbitmqInstalled({ log });
    ensureNginxInstalled({ log });
  });
  await installing;
  const { ports, urls } = portsAndUrls();
  // The private node's ports (defaults of the contract; overridable to run a second suite).
  const amqpPort = envPort("SCS_AMQP_PORT", 5672);
  const managementPort = envPort("SCS_MANAGEMENT_PORT", 15672);
  const distPort = envPort("SCS_DIST_PORT", amqpPort + 20000);
  const epmdPort = envPort("SCS_EPMD_PORT", 4369);
  // --monitoring: Prometheus on 9090, each broker node's rabbitmq_prometheus on 15692 (+ i).
  const prometheusPort = envPort("SCS_PROMETHEUS_PORT", 9090);
  const brokerMetricsPort = envPort("SCS_BROKER_METRICS_PORT", 15692);
  if (monitoring) ensurePrometheusInstalled({ log });
  // The front door (nginx) on SCS_GATEWAY_PORT, 3000 by default.
  const gatewayPort = envPort("SCS_GATEWAY_PORT", DEFAULT_GATEWAY_PORT);
  const frontDoorUrl = `http://localhost:${gatewayPort}`;
  // `--broker-nodes 3`: a private cluster; node i takes each port + i.
  const nodesArg = argv.indexOf("--broker-nodes");
  const brokerNodes = nodesArg >= 0 ? Number.parseInt(argv[nodesArg + 1] ?? "", 10) : 1;
  if (!Number.isInteger(brokerNodes) || brokerNodes < 1 || brokerNodes > 9)
    throw new SetupError("--broker-nodes takes a number of nodes from 1 to 9, e.g. --broker-nodes 3");
  const nodePorts = Array.from({ length: brokerNodes }, (_, i) => ({
    amqpPort: amqpPort + i,
    managementPort: managementPort + i,
    ...(monitoring ? { prometheusPort: brokerMetricsPort + i } : {}),
    distPort: distPort + i,
  }));

  // Broker description up front (credentials are created once and kept), so that the build, the
  // seeds and the systems' start run while the broker boots.
  const external = process.env.RABBITMQ_URL;
  const brokerDir = path.join(dataDir, "rabbitmq");
  let brokerUrls;
  let managementUrl;
  if (external) {
    const ext = externalBroker({
      rabbitmqUrl: external,
      managementUrl: process.env.RABBITMQ_MANAGEMENT_URL,
      dataDir,
    });
    brokerUrls = ext.brokerUrls;
    managementUrl = ext.managementUrl;
  } else {
    const credentials = loadOrCreateCredentials(path.join(brokerDir, "credentials.json"), {
      withAdmin: true,
    });
    const perNode = nodePorts.map((p) => systemAmqpUrls({ credentials, port: p.amqpPort }));
    brokerUrls = Object.fromEntries(
      Object.keys(perNode[0]).map((sys) => [sys, perNode.map((urls) => urls[sys]).join(",")]),
    );
    // Every node's management API (the systems read queue leaders from any that answers).
    managementUrl = nodePorts.map((p) => `http://127.0.0.1:${p.managementPort}`).join(",");
  }
  const sessionKeys = ensureSessionKeys(dataDir);
  // The first administrator: ADMIN_PASSWORD, else random, created once per data directory.
  const storeExisted = existsSync(path.join(dataDir, "store.sqlite"));
  const admin = ensureAdminCredentials(dataDir, { email: adminEmail, password: ENV.ADMIN_PASSWORD });
  const adminPassword = admin.password;

  /** What the seeds and the systems are given: their ports, URLs, broker and secrets. */
  const systemOptions = {
    frontDoorUrl,
    rootDir,
    dataDir,
    ports,
    urls,
    brokerUrls,
    managementUrl,
    sessionKeys,
    adminEmail,
    adminPassword,
    log,
    verbose,
  };

  const brokerReady = phase("broker (boot and provisioning)", async () => {
    let broker;
    if (external) {
      broker = externalBroker({
        rabbitmqUrl: external,
        managementUrl: process.env.RABBITMQ_MANAGEMENT_URL,
        dataDir,
      });
      log(`Broker: ${redact(external)} (RABBITMQ_URL), management API ${broker.managementUrl}`);
    } else if (brokerNodes > 1) {
      broker = await startPrivateCluster({
        baseDir: brokerDir,
        nodes: brokerNodes,
        ports: nodePorts,
        epmdPort,
        log,
      });
      cleanups.push(["RabbitMQ cluster", broker.stop]);
      log(`RabbitMQ cluster of ${brokerNodes} nodes: AMQP ${nodePorts.map((p) => p.amqpPort).join(", ")}`);
    } else {
      broker = await startPrivateBroker({
        baseDir: brokerDir,
        amqpPort,
        managementPort,
        prometheusPort: nodePorts[0].prometheusPort,
        distPort,
        epmdPort,
        log,
      });
      cleanups.push(["RabbitMQ", broker.stop]);
    }
    await provisionBroker({
      managementUrl: broker.managementUrl,
      adminUser: broker.adminUser,
      adminPassword: broker.adminPassword,
      credentials: broker.credentials,
    });
    log("Broker provisioned: vhost scs, users catalog, music, store.");
    return broker;
  });

  // better-sqlite3, when the install left it unbuilt (a fresh clone: compiled from source here, one
  // core for about 80 s): the builds do not load it (a server-external package, whose binary is
  // loaded when a database is first opened), the seeds and the servers do.
  const addonsBuilt = phase("native addons (better-sqlite3, beside the build)", () =>
    ensureNativeAddons(rootDir, { log, onChild: trackStep }),
  );
  // The build, the seeds and the broker run together: the seeds (migrations, demo data) need
  // neither the build nor the broker, only the systems' sources and better-sqlite3.
  const systemsPrepared = Promise.all([
    !dev &&
      phase("build (turbo: three production builds, or cache hits)", async () => {
        const turbo = binPath("turbo", { rootDir });
        if (!turbo) throw new SetupError("turbo is not installed in node_modules; run npm ci.");
        log("Building the systems (turbo run build; a cache hit when nothing changed) …");
        const buildStarted = Date.now();
        const env = productionBuildEnv(rootDir);
        const code = await runCommand(
          turbo,
          ["run", "build", "--filter=./systems/*", "--output-logs=new-only"],
          { cwd: rootDir, env, onChild: trackStep },
        );
        if (code !== 0) throw new SetupError(`The build failed (turbo exit ${code}); see the output above.`);
        log(`Built (${seconds(buildStarted)}).`);
      }),
    // The seeds open the databases: they wait for better-sqlite3 (outside their phase's time).
    addonsBuilt.then(() =>
      phase("seed (demo data, once per data directory)", async () => {
        // The systems migrate their databases when they open them; the seeds only add demo data, and
        // leave existing data alone. Once a system has seeded its database in this data directory, a
        // start skips it (three tsx processes and password hashes: 13 s of an 18.8 s warm start
        // here). A database deleted to start that system afresh is seeded again.
        const marker = (sys) => path.join(dataDir, "run", `${sys}.seeded`);
        const seeded = (sys) => existsSync(marker(sys)) && existsSync(path.join(dataDir, `${sys}.sqlite`));
        const systems = SYSTEMS.filter((sys) => !seeded(sys));
        if (systems.length === 0) return;
        await seedSystems({ systems, ...systemOptions });
        for (const sys of systems) writeFileSync(marker(sys), `${new Date().toISOString()}\n`);
      }),
    ),
    addonsBuilt,
  ]);

  // The systems start once built and seeded, while the broker may still boot: they serve without
  // it and connect within a second of its start (connection.ts, reconnectDelay). The front door
  // starts at once: it needs only their ports (it answers "unavailable" until they are ready).
  // Whatever started is stopped on exit, also when another step failed (each has an exit hook).
  const suiteStarted = systemsPrepared
    .then(() => {
      if (shuttingDown) return undefined; // Ctrl-C during the build or the seeds
      log(`Starting catalog, music and store (${mode}) …`);
      return phase("systems (start until ready)", () =>
        startSuite({
          ...systemOptions,
          mode,
          seed: false,
          // /ops links to the system's graphs in this Prometheus.
          baseEnv: monitoring
            ? { ...process.env, PROMETHEUS_URL: `http://localhost:${prometheusPort}` }
            : process.env,
        }),
      );
    })
    .then((started) => {
      if (started) cleanups.push(["catalog, music and store", started.stop]);
      return started;
    });
  const gatewayStarted = phase("front door (nginx)", () =>
    startGateway({
      dataDir,
      port: gatewayPort,
      // Each system's own port, and the second one `npm run restart` moves it to (and back).
      upstreams: Object.fromEntries(
        Object.entries(ports).map(([sys, port]) => [
          sys,
          [`127.0.0.1:${port}`, `127.0.0.1:${port + SECOND_PORT_OFFSET}`],
        ]),
      ),
      publicUrls: urls,
      log,
    }),
  ).then((started) => {
    cleanups.push(["the front door (nginx)", started.stop]);
    return started;
  });
  // Fail as soon as any of them fails.
  const [broker, suite, gateway] = await Promise.all([brokerReady, suiteStarted, gatewayStarted]);
  if (shuttingDown) return;
  // Ready means replicating too: each system connected (its relay's thread included).
  const unconnected = await phase("broker connections (each system's)", () =>
    waitForBrokerConnections({ urls: suiteUrls(ports), log }),
  );
  let prometheus;
  // `npm run restart -- <system>` asks this process (it owns the processes and the front door);
  // Prometheus follows the system to its new port when the front door does.
  const restarts = serveRestarts({
    dataDir,
    restart: (sys, say) =>
      restartSystem({
        suite,
        gateway,
        sys,
        log: say,
        onSwitch: (port) => prometheus?.moveTarget(sys, `http://localhost:${port}`),
      }),
  });
  cleanups.push(["the restart socket", restarts.close]);

  if (monitoring) {
    // Each node's rabbitmq_prometheus; for RABBITMQ_URL, RABBITMQ_PROMETHEUS_TARGETS (host:port,…)
    // or port 15692 of each management host.
    const brokerTargets = external
      ? (ENV.RABBITMQ_PROMETHEUS_TARGETS?.split(",").map((t) => t.trim()) ??
        broker.managementUrl.split(",").map((u) => `${new URL(u.trim()).hostname}:15692`))
      : nodePorts.map((p) => `127.0.0.1:${p.prometheusPort}`);
    prometheus = await startPrometheus({
      dataDir,
      logDir: suite.logDir,
      port: prometheusPort,
      systems: Object.entries(suite.urls).map(([system, url]) => ({ system, url })),
      brokerTargets,
      log,
    });
    cleanups.push(["Prometheus", prometheus.stop]);
  }

  const mgmtUrl = broker.managementUrl.replace("//127.0.0.1:", "//localhost:");
  const lines = [
    `The suite is running (${mode} mode) — started in ${seconds(started)}`,
    "",
    `Front door: ${gateway.url}  (one origin for all three)`,
    ...Object.entries(PREFIXES).map(([sys, prefix]) => `  ${sys.padEnd(8)} ${gateway.url}${prefix}/`),
    "",
    "Direct ports (operators and tests):",
    `  catalog  ${suite.urls.catalog}`,
    `  music    ${suite.urls.music}`,
    `  store    ${suite.urls.store}`,
    "",
    `RabbitMQ management console: ${mgmtUrl}`,
    ...(unconnected.length
      ? [`  not yet connected to it: ${unconnected.join(", ")} (they serve meanwhile; their logs say why)`]
      : []),
    broker.kind !== "external"
      ? `  sign in as ${broker.adminUser} / ${broker.adminPassword}  (from ${path.relative(rootDir, path.join(brokerDir, "credentials.json"))})`
      : `  sign in with the credentials of RABBITMQ_URL (${broker.adminUser})`,
    ...(prometheus
      ? [
          "",
          `Prometheus: ${prometheus.url}  (Status → Targets, Alerts; rules in monitoring/prometheus/rules)`,
        ]
      : []),
    "",
    "Demo sign-ins (at the store):",
    `  administrator  ${adminEmail} / ${adminPassword}`,
    admin.source === "environment"
      ? "                 (ADMIN_PASSWORD)"
      : `                 (random, from ${path.relative(rootDir, admin.file)}; ADMIN_PASSWORD sets your own)`,
    ...(admin.source === "created" && storeExisted
      ? [
          "  store's data is older than this password: its administrator keeps the password it was",
          "  created with (admin-password, unless ADMIN_PASSWORD was set then). Delete .data/ to start anew.",
        ]
      : []),
    `  customer       ${DEMO_CUSTOMER.email} / ${DEMO_CUSTOMER.password}  (demo customer)`,
    "",
    `Logs: ${path.relative(rootDir, suite.logDir)}/<system>.log${verbose ? "" : "  (--verbose to print them here)"}`,
    "`npm run restart -- <system>` replaces a system with zero downtime. Ctrl-C stops everything.",
  ];
  log(`\n${phaseReport()}\n\n${box(lines)}\n`);
}

main().catch((err) => {
  const message = err instanceof SetupError ? err.message : (err?.stack ?? String(err));
  console.error(`\nnpm start failed: ${message}`);
  shutdown(1);
});
