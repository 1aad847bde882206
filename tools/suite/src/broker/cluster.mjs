// A private RabbitMQ cluster on loopback (`npm start -- --broker-nodes`, the cluster journeys): its
// nodes started like single ones, then joined to the first. Plain Node ESM, Node built-ins only.
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SYSTEMS } from "../../../../shared/contracts/src/names.mjs";
import { SetupError } from "../process.mjs";
import { adminAmqpUrl, systemAmqpUrl } from "./credentials.mjs";
import { startPrivateBroker } from "./node.mjs";
/** @typedef {import("./node.mjs").PrivateBroker} PrivateBroker */
/**
 * @typedef {Omit<PrivateBroker, "kind"> & {
 *   kind: "private-cluster";
 *   nodes: PrivateBroker[];
 *   restartNode(i: number): Promise<PrivateBroker>;
 * }} PrivateCluster
 */

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
 *
 * @param {object} options
 * @param {string} options.baseDir
 * @param {number} [options.nodes]
 * @param {{ amqpPort: number; managementPort: number; prometheusPort?: number; distPort: number }[]} options.ports
 * @param {number} options.epmdPort
 * @param {(line: string) => void} [options.log]
 * @returns {Promise<PrivateCluster>}
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
  /** @type {PrivateBroker[]} */
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
