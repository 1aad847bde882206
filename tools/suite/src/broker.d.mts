// Types of broker.mjs for TypeScript callers (the fault tests start and kill brokers of their own).
import type { BrokerInfo, PerSystem } from "./suite.mjs";

export interface PrivateBroker extends BrokerInfo {
  kind: "private";
  managementPort: number;
  /** The rabbitmq_prometheus plugin's port, when it was enabled. */
  prometheusPort: number | null;
  distPort: number;
  epmdPort: number;
  nodeName: string;
  credentials: { systems: PerSystem<string>; admin: { user: string; password: string } };
  /** The process id of rabbitmq-server, leader of its own process group. */
  pid: number;
  /** Runs rabbitmqctl against this node (same environment and Erlang cookie). */
  rabbitmqctl(args: string[], timeoutMs?: number): Promise<{ code: number; stdout: string; stderr: string }>;
  stop(): Promise<void>;
}

export function startPrivateBroker(options: {
  baseDir: string;
  amqpPort?: number;
  managementPort?: number;
  prometheusPort?: number;
  distPort?: number;
  epmdPort?: number;
  nodeName?: string;
  log?: (line: string) => void;
  startupTimeoutMs?: number;
  stopTimeoutMs?: number;
}): Promise<PrivateBroker>;

export function provisionBroker(options: {
  managementUrl: string;
  adminUser: string;
  adminPassword: string;
  credentials: PrivateBroker["credentials"];
  vhost?: string;
}): Promise<unknown>;

export function systemAmqpUrls(options: {
  credentials: PrivateBroker["credentials"];
  port: number;
  host?: string;
}): PerSystem<string>;

export function findFreePorts(n: number): Promise<number[]>;

/** The other systems' exchanges a system consumes (from shared/contracts/src/consumers.json). */
export function consumedExchanges(system: "catalog" | "music" | "store"): string[];

/** A system user's permissions on the scs vhost (regular expressions). */
export function systemPermissions(system: "catalog" | "music" | "store"): {
  configure: string;
  write: string;
  read: string;
};

export interface PrivateCluster extends Omit<PrivateBroker, "kind"> {
  kind: "private-cluster";
  /** Every node's handle, in start order (node 1 first). */
  nodes: PrivateBroker[];
  /** Starts node `i` again (after a kill or a stop) on the same ports and data. */
  restartNode(i: number): Promise<PrivateBroker>;
}

export function startPrivateCluster(options: {
  baseDir: string;
  nodes?: number;
  ports: { amqpPort: number; managementPort: number; prometheusPort?: number; distPort: number }[];
  epmdPort: number;
  log?: (line: string) => void;
}): Promise<PrivateCluster>;
