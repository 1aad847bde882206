// Types of bench-restart.mjs for the e2e journey that runs its short version (TypeScript, strict).
type System = "catalog" | "music" | "store";

export interface Shop {
  token: string;
  productId: string;
  albumId: string;
  stockBefore: number;
}
export interface Sample {
  kind: string;
  at: number;
  ms: number;
  status?: number;
  error?: string;
}
export interface KindStats {
  requests: number;
  failed: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
}
export interface EventsVerdict {
  ordersPlaced: number;
  confirmed: number;
  rejected: number;
  lost: number;
  stockDrop: number;
  duplicated: number;
}

export function prepareShop(options: {
  direct: (system: System) => string;
  adminEmail: string;
  adminPassword: string;
  customer: { email: string; password: string };
}): Promise<Shop>;
export function loadWhile(options: {
  frontDoor: string;
  storeOrigin: string;
  shop: Shop;
  ratePerSecond: number;
  seconds: number;
  during: () => Promise<void>;
}): Promise<{ samples: Sample[]; orders: string[]; seconds: number }>;
export function checkEvents(options: {
  direct: (system: System) => string;
  shop: Shop;
  orders: string[];
  timeoutMs?: number;
}): Promise<EventsVerdict>;
export function summarize(samples: Sample[]): {
  all: KindStats;
  kinds: Record<string, KindStats>;
  problems: Record<string, number>;
};
export function measureRestarts(options: {
  suite: unknown;
  ratePerSecond: number;
  seconds: number;
  systems: System[];
  log: (line: string) => void;
}): Promise<unknown>;
