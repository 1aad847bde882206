// Types of restart.mjs for TypeScript callers (the front door's switch test).
import type { Gateway, System } from "./suite.d.mts";

export const SECOND_PORT_OFFSET: number;
export function switchGateway(
  gateway: Gateway,
  system: System,
  port: number,
  log?: (line: string) => void,
): Promise<void>;
