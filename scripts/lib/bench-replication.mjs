// T3, replication keeps up with its owner: catalog's write-only rate first (its messaging stopped),
// then catalog writing at that rate for a minute while it relays, as the real catalog does; store
// must apply ≥ 0.9 of it and the lag must not grow. Then its bound: what the baselines carry while
// the writer's share of a core is taken. Plain Node ESM.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import { abba, lagProfile, spread } from "./bench-stats.mjs";
import { baselineThroughput, ROUTED_BASELINES } from "./bench-throughput.mjs";

export const T3_TARGET_RATIO = 0.9;
/** The least-squares rise of the per-second p99 over a run that counts as "no upward trend". */
export const MAX_P99_RISE_MS = 5;

const round2 = (x) => Math.round(x * 100) / 100;

/**
 * T3. `lab.catalog` and `lab.store` are the benchmark's processes (owner.ts, replica.ts).
 * 1. catalog's messaging stopped, it writes as fast as it can for `measureSeconds`: its write-only
 *    rate (what the real catalog commits when nothing else runs). The backlog then drains.
 * 2. catalog writes at that rate, open loop, for `seconds` with its relay running; store's rate is
 *    the edits it applied within the writing window ÷ the window, its lag that of every edit.
 */
export async function measureKeepUp({ lab, broker, measureSeconds, seconds, bound, log }) {
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
  const writerCores = alone.cpuMicros / ((alone.lastCommitNs - alone.firstNs) / 1e3);
  t3.bound = await keepUpBound({ lab, writeOnlyRate, writerCores, ...bound, log });
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

/**
 * What T3 asks of any client on this machine. catalog writing at 0.9 of its write-only rate takes
 * 0.9 of the CPU its write-only rate took (`writerCores`, its process's CPU time ÷ wall time while
 * it wrote alone): a process keeps that share of a core busy while the baselines carry `events`
 * messages at full speed, `rounds` times each (ABBA). Their rate ÷ the write-only rate is the most
 * T3's ratio can be here: the tuned baseline's for a client that keeps what it receives as the
 * systems do (the suite does more per event), the broker alone's for any client at all.
 */
async function keepUpBound({ lab, writeOnlyRate, writerCores, events, rounds, log }) {
  const share = round2(T3_TARGET_RATIO * writerCores);
  const writer = await occupyCore(share);
  if (!writer.priorityRaised)
    log(
      `T3 bound: not allowed to raise the priority of the process that keeps ${share} of a core busy ` +
        "(no CAP_SYS_NICE): it gets an even share among the busy processes, so the bound comes out too high",
    );
  const measured = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      const figures = {};
      for (const kind of abba(ROUTED_BASELINES, round))
        figures[kind] = await baselineThroughput(lab, kind, events);
      measured.push(figures);
    }
  } finally {
    writer.stop();
  }
  const busy = writer.cpuShare();
  const of = (kind) => spread(measured.map((r) => r[kind]));
  const result = {
    writerCores: round2(writerCores),
    occupied: { asked: share, got: busy },
    events,
    tuned: of("tuned"),
    broker: of("broker"),
    ratioTuned: spread(measured.map((r) => r.tuned / writeOnlyRate)),
    ratioBroker: spread(measured.map((r) => r.broker / writeOnlyRate)),
  };
  log(
    `T3 bound: catalog's writer took ${result.writerCores} of a core alone; with ${busy} of a core kept busy, ` +
      `the tuned baseline carries ${result.tuned.median} msg/s (${result.ratioTuned.median} of the write-only rate), ` +
      `the broker alone ${result.broker.median} msg/s (${result.ratioBroker.median})`,
  );
  return result;
}

/** The CPU time a process has taken: utime + stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks (USER_HZ, 100 on Linux). */
export function cpuSecondsOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * A process that keeps `share` (0–1) of one core busy until stopped: it spins whenever its CPU
 * time is behind `share` of the time since it started, and naps 1 ms otherwise, so a moment it
 * was preempted is made up at once. It runs at a higher priority (nice -10, where allowed), so
 * that the scheduler gives it its share first, as the writer must have it to keep its rate,
 * instead of an even share among the busy processes (0.39 of the 0.81 asked, when it ran at the
 * same priority and spun by the clock). `priorityRaised` says whether it was allowed (root, or
 * CAP_SYS_NICE: a container's default capabilities lack it); `cpuShare()` is what it really got
 * (CPU time ÷ its life).
 */
export async function occupyCore(share) {
  // It ends by itself once orphaned (its parent's pid changes): a benchmark killed outright must
  // not leave it spinning at a raised priority.
  const code =
    "const nap = new Int32Array(new SharedArrayBuffer(4)); const t0 = performance.now(); " +
    `process.stdout.write('spinning\\n'); for (;;) { const { user, system } = process.cpuUsage(); ` +
    `if ((user + system) / 1000 < ${share} * (performance.now() - t0)) continue; ` +
    `if (process.ppid !== ${process.pid}) process.exit(); Atomics.wait(nap, 0, 0, 1); }`;
  const child = spawn(process.execPath, ["-e", code], { stdio: ["ignore", "pipe", "ignore"] });
  let priorityRaised = true;
  try {
    os.setPriority(child.pid, -10);
  } catch {
    priorityRaised = false;
  }
  await new Promise((resolve, reject) => {
    child.stdout.once("data", resolve);
    child.once("exit", (code) => reject(new Error(`the process that keeps a core busy exited (${code})`)));
  });
  const cpuSeconds = () => cpuSecondsOf(child.pid);
  const startedMs = performance.now();
  const cpuAtStart = cpuSeconds();
  let cpuShare = null;
  return {
    pid: child.pid,
    priorityRaised,
    stop() {
      cpuShare = round2((cpuSeconds() - cpuAtStart) / ((performance.now() - startedMs) / 1000));
      child.kill();
    },
    cpuShare: () => cpuShare,
  };
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
