// T3, replication keeps up with its owner: catalog's write-only rate first (its messaging stopped),
// then catalog writing at that rate for a minute while it relays, as the real catalog does; store
// must apply ≥ 0.9 of it and the lag must not grow. Plain Node ESM.
import { percentile, slope } from "./bench-stats.mjs";

export const T3_TARGET_RATIO = 0.9;
/** The least-squares rise of the per-second p99 over a run that counts as "no upward trend". */
export const MAX_P99_RISE_MS = 5;

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

/**
 * T3. `lab.catalog` and `lab.store` are the benchmark's processes (owner.ts, replica.ts).
 * 1. catalog's messaging stopped, it writes as fast as it can for `measureSeconds`: its write-only
 *    rate (what the real catalog commits when nothing else runs). The backlog then drains.
 * 2. catalog writes at that rate, open loop, for `seconds` with its relay running; store's rate is
 *    the edits it applied within the writing window ÷ the window, its lag that of every edit.
 */
export async function measureKeepUp({ lab, broker, measureSeconds, seconds, log }) {
  const { catalog, store } = lab;
  await catalog.call("disconnect");
  const alone = await catalog.call("burstFor", { seconds: measureSeconds });
  const writeOnlyRate = Math.round(alone.count / ((alone.lastCommitNs - alone.firstNs) / 1e9));
  await store.call("reset");
  await catalog.call("connect");
  await store.call("awaitApplied", { count: alone.count, timeoutMs: 900_000 });
  log(`T3: catalog alone writes ${writeOnlyRate} edits/s; now ${seconds} s at that rate while relaying …`);
  await store.call("reset");
  const sampling = sampleBacklog({ catalog, broker });
  const paced = await catalog.call("paced", { perSecond: writeOnlyRate, seconds }).finally(sampling.stop);
  const { applied } = await store.call("awaitApplied", {
    count: paced.commits.length,
    timeoutMs: 900_000,
    withKeys: true,
  });
  const firstNs = paced.commits[0][1];
  const lastNs = paced.commits.at(-1)[1];
  const windowSeconds = (lastNs - firstNs) / 1e9;
  const appliedInWindow = applied.filter(([, at]) => at <= lastNs).length;
  const lastAppliedNs = applied.reduce((m, [, at]) => Math.max(m, at), 0);
  const t3 = {
    writeOnlyRate,
    seconds,
    writes: paced.commits.length,
    // Whether catalog kept its schedule while relaying (below writeOnlyRate: relaying took its time).
    achievedWriteRate: Math.round(paced.commits.length / paced.seconds),
    appliedRate: Math.round(appliedInWindow / windowSeconds),
    // After the last write, how long store took to apply the rest.
    catchUpSeconds: round2((lastAppliedNs - lastNs) / 1e9),
    ...lagProfile(paced.commits, applied, seconds),
    // Where the backlog waited, once a second: catalog's outbox (the relay) or store's queue
    // (the consumer; the management API refreshes its counts every few seconds).
    backlog: await sampling.samples,
  };
  t3.ratio = round2(t3.appliedRate / writeOnlyRate);
  t3.met = t3.ratio >= T3_TARGET_RATIO && t3.p99RiseMs < MAX_P99_RISE_MS;
  const last = t3.backlog.at(-1);
  if (last)
    log(
      `T3: at the last write, ${last.outbox} events waited in catalog's outbox, ${last.queue} in store's queue`,
    );
  log(
    `T3: catalog wrote ${t3.achievedWriteRate}/s of ${writeOnlyRate}/s asked; store applied ${t3.appliedRate}/s ` +
      `(${t3.ratio} of the write-only rate), caught up ${t3.catchUpSeconds} s after the last write; ` +
      `lag p50 ${t3.p50} ms, p99 ${t3.p99} ms, p99 rise over the run ${t3.p99RiseMs} ms`,
  );
  return t3;
}

/** Samples catalog's outbox and store's queues (ready + unacked) every second until stopped. */
function sampleBacklog({ catalog, broker }) {
  const auth = `Basic ${Buffer.from(`${broker.adminUser}:${broker.adminPassword}`).toString("base64")}`;
  const storeQueue = async () => {
    const response = await fetch(`${broker.managementUrl}/api/queues/scs?columns=name,messages`, {
      headers: { authorization: auth },
    });
    const queues = await response.json();
    return queues
      .filter((q) => q.name.startsWith("store.") && !q.name.includes("dead-letters"))
      .reduce((sum, q) => sum + (q.messages ?? 0), 0);
  };
  const startMs = Date.now();
  let stopped = false;
  const samples = (async () => {
    const taken = [];
    while (!stopped) {
      const [outbox, queue] = await Promise.all([catalog.call("outboxPending"), storeQueue()]);
      taken.push({ second: Math.round((Date.now() - startMs) / 1000), outbox, queue });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    return taken;
  })();
  return {
    samples,
    stop: () => {
      stopped = true;
    },
  };
}
