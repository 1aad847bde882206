// The suite for the end-to-end tests and the benchmark, in one call: a broker, a fresh data
// directory, session keys, the three systems and the front door, all on free ports.
// Plain Node ESM, Node built-ins only.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { VHOST } from "../../../shared/contracts/src/names.mjs";
import { startPrivateCluster } from "./broker/cluster.mjs";
import { loadOrCreateCredentials, systemAmqpUrls } from "./broker/credentials.mjs";
import { startPrivateBroker } from "./broker/node.mjs";
import { provisionBroker } from "./broker/provision.mjs";
import { DEFAULT_ADMIN_EMAIL, DEMO_CUSTOMER } from "./env.mjs";
import { startGateway } from "./gateway.mjs";
import { findFreePorts } from "./ports.mjs";
import { ROOT_DIR } from "./process.mjs";
import { ensureAdminCredentials, ensureSessionKeys } from "./secrets.mjs";
import { seedSystems, startSuite } from "./systems.mjs";

/**
 * @template T
 * @typedef {import("./env.mjs").PerSystem<T>} PerSystem
 */
/** @typedef {import("./broker/credentials.mjs").BrokerInfo} BrokerInfo */
/** @typedef {import("./broker/cluster.mjs").PrivateCluster} PrivateCluster */
/** @typedef {import("./systems.mjs").RunningSuite} RunningSuite */
/** @typedef {Awaited<ReturnType<typeof startGateway>>} Gateway */
/**
 * @typedef {object} E2ESuite
 * @property {PerSystem<string>} urls
 * @property {string} frontDoor the front door's URL (one origin: /catalog/, /music/, /store/)
 * @property {Gateway} gateway
 * @property {PerSystem<number>} ports
 * @property {string} dataDir
 * @property {BrokerInfo} broker
 * @property {PrivateCluster | null} cluster the private cluster when `brokerNodes` > 1 (its nodes can be killed and restarted)
 * @property {string} adminEmail
 * @property {string} adminPassword
 * @property {{ email: string; password: string }} customer
 * @property {import("./secrets.mjs").SessionKeys} sessionKeys
 * @property {string} logDir
 * @property {() => Promise<void>} stop
 * @property {RunningSuite["stopSystem"]} stopSystem
 * @property {RunningSuite["startSystem"]} startSystem
 * @property {RunningSuite["livePorts"]} livePorts
 * @property {RunningSuite["replaceSystem"]} replaceSystem
 */

/** The process environment (variables of the operator, not inputs of any turbo task). */
const ENV = process.env;

/**
 * The broker description `npm test` passes to the end-to-end tests in E2E_BROKER_JSON:
 * { brokerUrls: {catalog,music,store}, managementUrl, adminUser, adminPassword, adminUrl, host, amqpPort, vhost }.
 * @param {Omit<BrokerInfo, "vhost">} broker
 * @returns {string}
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
    vhost: VHOST,
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
 * The front door (tools/suite/src/gateway.mjs) runs on a free port too: `frontDoor` is its URL,
 * `gateway` its handle (ports, route, reload): each system has a second free port there that
 * tools/suite/src/restart.mjs moves it to and back.
 *
 * Returns { urls, frontDoor, gateway, ports, dataDir, broker, adminEmail, adminPassword, customer, sessionKeys, stop() }.
 *
 * @param {object} [options]
 * @param {string} [options.rootDir]
 * @param {string} [options.dataDir]
 * @param {"production" | "dev"} [options.mode]
 * @param {(line: string) => void} [options.log]
 * @param {boolean} [options.verbose]
 * @param {string} [options.adminEmail]
 * @param {string} [options.adminPassword]
 * @param {boolean} [options.keepData]
 * @param {number | string} [options.orderPendingTimeoutS]
 * @param {number} [options.brokerNodes] > 1: a private RabbitMQ cluster of its own with that many nodes
 * @returns {Promise<E2ESuite>}
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
  /** @type {PrivateCluster | null} */
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
  // What the seeds and the systems both run with; the broker's address is read at each call,
  // since a private broker's own description replaces `broker` once it is up.
  const suiteOptions = () => ({
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
  let suite;
  try {
    const seeding = seedSystems(suiteOptions());
    // Both settle before either failure is thrown: nothing is left starting behind the error.
    const [seeded, started] = await Promise.allSettled([seeding, brokerStarting]);
    for (const result of [started, seeded]) if (result.status === "rejected") throw result.reason;
    suite = await startSuite({ ...suiteOptions(), seed: false, mode });
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
