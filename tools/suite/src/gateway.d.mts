// Types of gateway.mjs for TypeScript callers (tests, deploy checks).
import type { Gateway, PerSystem, System } from "./suite.d.mts";

export const NGINX: string;
export const DEFAULT_GATEWAY_PORT: number;
export const PREFIXES: Readonly<PerSystem<string>>;
export const PERSONAL_COOKIE_PATTERN: string;
export const FRESH_SECONDS: number;
export const KEEP_STALE: string;
export const FRONT_DOOR_HEADER: string;
export const HEADER_FRAGMENT_PATH: string;
export interface GatewayPaths {
  dir?: string;
  conf?: string;
  pid: string;
  errorLog: string;
  accessLog: string;
  temp: string;
  cache: string;
  html: string;
  upstreams: string;
  /** A system's switch file here sends its requests to its away address (route). */
  switches?: string;
  proxyParams: string;
  rewrites: string;
}
export function isNginxInstalled(): boolean;
export function ensureNginxInstalled(options?: { log?: (line: string) => void }): void;
export function awayUpstream(system: System): string;
export function upstreamsConfig(upstreams: PerSystem<string | string[]>): string;
export function gatewayConfig(options: {
  listen: string;
  paths: GatewayPaths;
  user?: string;
  realIpFrom?: string[];
}): string;
export function proxyParams(): string;
export function publicUrlRewrites(publicUrls: PerSystem<string>): string;
export function unavailablePage(system: System): string;
export function notFoundPage(): string;
export function fallbackHeader(): string;
export function writeStaticPages(htmlDir: string): void;
export function gatewayPaths(dataDir: string): Required<GatewayPaths>;
export function route(
  paths: Required<GatewayPaths>,
  upstreams: PerSystem<string | string[]>,
  system: System,
  port: number,
): void;
export function reloadGateway(dataDir: string): void;
export function startGateway(options: {
  dataDir: string;
  port?: number;
  host?: string;
  upstreams: PerSystem<string | string[]>;
  publicUrls: PerSystem<string>;
  realIpFrom?: string[];
  log?: (line: string) => void;
}): Promise<Gateway & { paths: Required<GatewayPaths> }>;
export function dockerGatewayFiles(): Record<string, string>;
export function writeDockerGateway(dir: string): void;
export const K8S_REAL_IP_FROM: readonly string[];
export const K8S_STATIC_PAGES: readonly string[];
export const K8S_PUBLIC_URLS: Readonly<{ base: PerSystem<string>; dev: PerSystem<string> }>;
export function k8sGatewayFiles(publicUrls: PerSystem<string>): Record<string, string>;
export function writeK8sGateway(k8sDir: string): void;
