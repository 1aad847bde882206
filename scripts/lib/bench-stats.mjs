// Small statistics for the benchmark. Plain Node ESM.

/** Nearest-rank percentile (p in 0..100) of a list of numbers; NaN for an empty list. */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export const median = (values) => percentile(values, 50);

/** Least-squares slope of y over x. */
export function slope(points) {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/**
 * The spread of repeated measurements: median and interquartile range (p25–p75), and the IQR
 * relative to the median. A change of the median larger than `relativeIqr` stands out of the
 * noise of the run; nulls when there is no sample.
 * @param {number[]} values
 */
export function spread(values) {
  const xs = values.filter((x) => Number.isFinite(x));
  if (xs.length === 0) return { n: 0, median: null, p25: null, p75: null, relativeIqr: null };
  const r = (x) => Math.round(x * 100) / 100;
  const m = percentile(xs, 50);
  const p25 = percentile(xs, 25);
  const p75 = percentile(xs, 75);
  return { n: xs.length, median: r(m), p25: r(p25), p75: r(p75), relativeIqr: m ? r((p75 - p25) / m) : null };
}

/** "0.83 (IQR 0.78–0.90, n 8)": a figure with its spread, for the tables. */
export const withSpread = (s) => (s.median === null ? "—" : `${s.median} (IQR ${s.p25}–${s.p75}, n ${s.n})`);

/**
 * The order of the variants in round `round` (1-based): as given in odd rounds, reversed in even
 * ones (ABBA…), so that a drift of the machine over the run weighs on every variant alike.
 * @template T
 * @param {T[]} variants
 * @param {number} round
 * @returns {T[]}
 */
export const abba = (variants, round) => (round % 2 === 1 ? [...variants] : [...variants].reverse());
