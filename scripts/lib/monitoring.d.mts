// Types of monitoring.mjs for TypeScript callers (the deploy checks).
import type { System } from "./suite.d.mts";

export const SCRAPE_INTERVAL: string;
export function isPrometheusInstalled(): boolean;
export function scrapeTarget(target: { system: System; url: string; home?: string }): string;
export function startPrometheus(options: {
  dataDir: string;
  logDir: string;
  port: number;
  systems: { system: System; url: string }[];
  brokerTargets: string[];
  log?: (line: string) => void;
}): Promise<{
  url: string;
  configFile: string;
  logFile: string;
  pid: number;
  /** Points the scrape of `system` at `url` (the port a restart moved it to), keeping its instance. */
  moveTarget(system: System, url: string): void;
  stop(): Promise<void>;
}>;
