// Types of suite.mjs for TypeScript callers (e.g. the end-to-end tests).
import type { PrivateCluster } from "./broker.mjs";
export type System = "catalog" | "music" | "store";
export type PerSystem<T> = Record<System, T>;
export type Jwk = Record<string, string>;
export interface SessionKeys {
  privateJwk: Jwk;
  publicJwk: Jwk;
  file?: string;
}
export interface BrokerInfo {
  brokerUrls: PerSystem<string>;
  managementUrl: string;
  adminUser: string;
  adminPassword: string;
  adminUrl: string;
  host: string;
  amqpPort: number;
  vhost: string;
}
export interface SuiteOptions {
  rootDir?: string;
  dataDir: string;
  ports?: PerSystem<number>;
  urls?: PerSystem<string>;
  brokerUrls: PerSystem<string>;
  managementUrl?: string;
  sessionKeys: SessionKeys;
  adminEmail?: string;
  adminPassword?: string;
  /** store's pending-order deadline (ORDER_PENDING_TIMEOUT_S); default: the environment's, else 600. */
  orderPendingTimeoutS?: number | string;
  /** The front door's URL (FRONT_DOOR_URL of every system): a suite origin for forms and returnTo. */
  frontDoorUrl?: string;
  mode?: "production" | "dev";
  log?: (line: string) => void;
  verbose?: boolean;
  seed?: boolean;
  readyTimeoutMs?: number;
  stopTimeoutMs?: number;
  baseEnv?: NodeJS.ProcessEnv;
  onExit?: (system: System, code: number | null, signal: NodeJS.Signals | null) => void;
}
export interface RunningSuite {
  urls: PerSystem<string>;
  ports: PerSystem<number>;
  pids: PerSystem<number>;
  logDir: string;
  stop(): Promise<void>;
  /** Stops one system (SIGTERM by default; SIGKILL simulates a crash) and waits for its exit. */
  stopSystem(system: System, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a stopped system again with the same port, data and environment; waits until ready. */
  startSystem(system: System): Promise<void>;
  /** The port each system listens on now (replaceSystem moves a system to its other port). */
  livePorts(): PerSystem<number>;
  /**
   * Replaces a running system with a fresh process on `port`: ready first, then `switchTo(port)`
   * (the front door), then the old process drained and stopped (scripts/lib/restart.mjs).
   */
  replaceSystem(
    system: System,
    options: { port: number; switchTo?: (port: number) => Promise<void> },
  ): Promise<{ port: number; pid: number; oldPid: number; readyMs: number; drainMs: number }>;
}
export interface Gateway {
  url: string;
  port: number;
  pid: number;
  /** `nginx -t` and a graceful reload. */
  reload(): void;
  /** The system's [home, away] ports (away undefined when the front door knows one address). */
  ports(system: System): [number, number | undefined];
  /** Sends the system's requests to `port` (one of its two) from the next request on, without a reload. */
  route(system: System, port: number): void;
  stop(): Promise<void>;
}
export interface E2ESuite {
  urls: PerSystem<string>;
  /** The front door's URL (one origin: /catalog/, /music/, /store/). */
  frontDoor: string;
  gateway: Gateway;
  ports: PerSystem<number>;
  dataDir: string;
  broker: BrokerInfo;
  /** The private cluster when `brokerNodes` > 1 (its nodes can be killed and restarted), else null. */
  cluster: PrivateCluster | null;
  adminEmail: string;
  adminPassword: string;
  customer: { email: string; password: string };
  sessionKeys: SessionKeys;
  logDir: string;
  stop(): Promise<void>;
  stopSystem: RunningSuite["stopSystem"];
  startSystem: RunningSuite["startSystem"];
  livePorts: RunningSuite["livePorts"];
  replaceSystem: RunningSuite["replaceSystem"];
}

export const SYSTEMS: System[];
export const ROOT_DIR: string;
export const DEFAULT_PORTS: Readonly<PerSystem<number>>;
export const DEFAULT_ADMIN_EMAIL: string;
export const DEMO_CUSTOMER: Readonly<{ email: string; password: string }>;
/** The first administrator's sign-in: `password` when given, else random, created once per data directory. */
export function ensureAdminCredentials(
  dir: string,
  options?: { email?: string; password?: string },
): { email: string; password: string; file: string; source: "environment" | "created" | "stored" };
export class SetupError extends Error {}

export function findFreePort(): Promise<number>;
export function findFreePorts(n: number): Promise<number[]>;
export function generateSessionKeys(): SessionKeys;
export function ensureSessionKeys(dataDir: string): SessionKeys & { file: string };
export function suiteUrls(ports?: PerSystem<number>, host?: string): PerSystem<string>;
export function systemEnv(
  system: System,
  options: Omit<SuiteOptions, "mode" | "log" | "verbose" | "seed" | "rootDir">,
): NodeJS.ProcessEnv;
export function seedSystems(options: SuiteOptions & { systems?: System[] }): Promise<void>;
export function startSuite(options: SuiteOptions): Promise<RunningSuite>;
export function brokerJson(broker: Omit<BrokerInfo, "vhost">): string;
export function startE2ESuite(options?: {
  rootDir?: string;
  dataDir?: string;
  mode?: "production" | "dev";
  log?: (line: string) => void;
  verbose?: boolean;
  adminEmail?: string;
  adminPassword?: string;
  keepData?: boolean;
  orderPendingTimeoutS?: number | string;
  /** > 1: a private RabbitMQ cluster of its own with that many nodes. */
  brokerNodes?: number;
}): Promise<E2ESuite>;
