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

const round2 = (x) => Math.round(x * 100) / 100;

/**
 * Each write's lag (commit in catalog → commit in store) and the per-second p50/p99, with their
 * least-squares rise over the run. `commits`: [key, committedNs]; `applied`: [key, appliedNs].
 */
export function lagProfile(commits, applied, seconds) {
  const appliedAt = new Map(applied);
  const startNs = commits[0][1];
  const bySecond = [];
  const all = [];
  for (const [key, committedNs] of commits) {
    const at = appliedAt.get(key);
    if (at === undefined) throw new Error(`${key} was never applied`);
    const ms = (at - committedNs) / 1e6;
    const second = Math.floor((committedNs - startNs) / 1e9);
    bySecond[second] ??= [];
    bySecond[second].push(ms);
    all.push(ms);
  }
  const perSecond = bySecond.map((values, second) => ({
    second,
    p50: round2(percentile(values ?? [], 50)),
    p99: round2(percentile(values ?? [], 99)),
  }));
  const rise = (key) =>
    round2(slope(perSecond.filter((s) => Number.isFinite(s[key])).map((s) => [s.second, s[key]])) * seconds);
  return {
    p50: round2(percentile(all, 50)),
    p90: round2(percentile(all, 90)),
    p99: round2(percentile(all, 99)),
    max: round2(all.reduce((m, x) => Math.max(m, x), 0)),
    p50RiseMs: rise("p50"),
    p99RiseMs: rise("p99"),
    perSecond,
  };
}
