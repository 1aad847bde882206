// Types of bench-stats.mjs for TypeScript callers (its unit test).
export function percentile(values: number[], p: number): number;
export function median(values: number[]): number;
export function slope(points: [number, number][]): number;
export interface Spread {
  n: number;
  median: number | null;
  p25: number | null;
  p75: number | null;
  relativeIqr: number | null;
}
export function spread(values: number[]): Spread;
export function withSpread(s: Spread): string;
export function abba<T>(variants: T[], round: number): T[];
