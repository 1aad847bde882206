// A broker the operator runs (RABBITMQ_URL): one node or several, provisioned like a private one.
// Plain Node ESM, Node built-ins only.
import path from "node:path";
import { SYSTEMS } from "../../../../shared/contracts/src/names.mjs";
import { SetupError } from "../process.mjs";
import { loadOrCreateCredentials, systemAmqpUrls } from "./credentials.mjs";

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
