// T1 and T4 of `npm run bench`: the suite's replication throughput against baselines measured in
// the same run, in alternating (ABBA) order (shared/testing/src/bench/raw-baseline.ts, decision 0025):
//   tuned  — plain amqplib with the suite's persistence, batches committed and acked as one;
//   broker — the broker alone: publish → consume with confirms, no database;
//   bare   — the broker alone without the contract's route (default exchange, plain queue).
// tuned and broker carry their messages the way the contract makes the systems carry theirs.
// Every round measures each once; each round's ratios compare figures taken seconds apart, and
// their median and interquartile range are the result. Rates are counted at the receiving end,
// from the first commit (or consume) to the last. Plain Node ESM, Node built-ins only.
import { CLOUDEVENTS_CONTENT_TYPE } from "../../shared/contracts/src/names.mjs";
import { abba, lagProfile, spread } from "./bench-stats.mjs";

/** The relay's bound: the raw publisher may have as many unconfirmed messages in flight. */
export const RAW_PUBLISH_WINDOW = 1000;
export const BASELINES = ["tuned", "broker", "bare"];
/** The baselines on the contract's route (T2's and T3's compare with these two). */
export const ROUTED_BASELINES = ["tuned", "broker"];
const VARIANTS = ["suite", ...BASELINES];

/** count ÷ the span from first to last (ns). Messages that all came in one batch share one time: no span, no rate. */
export function perSecond(count, firstNs, lastNs) {
  if (!(lastNs > firstNs)) {
    throw new Error(
      `${count} messages were timed at one instant (one batch): no span to measure a rate over`,
    );
  }
  return Math.round(count / ((lastNs - firstNs) / 1e9));
}

/** The per-round figures of each variant and the ratios of the suite to each baseline, with their spread. */
function summarize(rounds) {
  const of = (key) => spread(rounds.map((r) => r[key]));
  return {
    ...Object.fromEntries(VARIANTS.map((variant) => [variant, of(variant)])),
    ratioTuned: spread(rounds.map((r) => r.suite / r.tuned)),
    ratioBroker: spread(rounds.map((r) => r.suite / r.broker)),
    ratioBare: spread(rounds.map((r) => r.suite / r.bare)),
  };
}

const describe = (figures) => VARIANTS.map((v) => `${v} ${figures[v]}`).join(", ");

/** How the raw publisher sends on the route of baseline `kind`: copies of the lab's event. */
const publishing = (lab, kind) => ({
  to: kind,
  body: lab.body,
  window: RAW_PUBLISH_WINDOW,
  contentType: CLOUDEVENTS_CONTENT_TYPE,
});

/** Publishes `count` copies of the lab's event on the route of baseline `kind`. */
const rawBurst = (lab, kind, count) => lab.rawPublisher.call("burst", { count, ...publishing(lab, kind) });

/**
 * T2's schedule through baseline `kind`: `perSecond` messages a second for `seconds`, open loop;
 * every message's lag from its publish to its consume (the tuned consumer's commit), as T2 takes
 * an edit's from its commit in catalog to its commit in store.
 */
export async function baselineLag(lab, kind, perSecond, seconds) {
  const consumer = lab.consumers[kind];
  await consumer.call("reset", { withKeys: true });
  const paced = await lab.rawPublisher.call("paced", { perSecond, seconds, ...publishing(lab, kind) });
  const { consumed } = await consumer.call("awaitConsumed", { count: paced.sent.length, timeoutMs: 600_000 });
  return {
    achievedRate: Math.round(paced.sent.length / paced.seconds),
    ...lagProfile(paced.sent, consumed, seconds),
  };
}

/** A baseline's pipeline: `count` messages published and consumed; messages/s from first to last consume. */
export async function baselineThroughput(lab, kind, count) {
  const consumer = lab.consumers[kind];
  await consumer.call("reset");
  await rawBurst(lab, kind, count);
  const consumed = await consumer.call("awaitConsumed", { count, timeoutMs: 600_000 });
  return perSecond(count, consumed.firstNs, consumed.lastNs);
}

/** A baseline's backlog: its consumer stopped, `count` messages published, drained by a fresh consumer. */
async function baselineDrain(lab, kind, count, round) {
  await lab.consumers[kind].stop();
  await rawBurst(lab, kind, count);
  lab.consumers[kind] = lab.startConsumer(kind, `${kind}-t4-${round}`);
  const drained = await lab.consumers[kind].call("awaitConsumed", { count, timeoutMs: 900_000 });
  return perSecond(count, drained.firstNs, drained.lastNs);
}

/**
 * T1: the pipeline from catalog's outbox to store's database. catalog's messaging is stopped while
 * it commits the edits (a broker outage, as catalog sees it), then started: the clock runs from
 * the first commit in store to the last (how long the runtime took from its start to that first
 * commit is reported apart: a thread and two connections to start, not throughput). The baselines
 * publish as many messages from memory and consume them, clocked alike at the consumer. A first
 * round warms up the broker and every process and is not counted.
 * @param {{ lab: any, events: number, rounds: number, log: (line: string) => void }} options
 */
export async function replicationThroughput({ lab, events, rounds, log }) {
  const { catalog, store } = lab;
  const measure = {
    async suite(figures) {
      await catalog.call("disconnect");
      const write = await catalog.call("burst", { count: events });
      await store.call("reset");
      const startedNs = await catalog.call("connect");
      const applied = await store.call("awaitApplied", { count: events, timeoutMs: 600_000 });
      figures.catalogWrites = perSecond(events, write.firstNs, write.lastCommitNs);
      figures.startMs = Math.round((applied.firstNs - startedNs) / 1e6);
      figures.fromStart = perSecond(events, startedNs, applied.lastNs);
      return perSecond(events, applied.firstNs, applied.lastNs);
    },
    ...Object.fromEntries(BASELINES.map((kind) => [kind, () => baselineThroughput(lab, kind, events)])),
  };
  const measured = [];
  for (let round = 0; round <= rounds; round++) {
    const figures = { round };
    for (const variant of abba(VARIANTS, round)) figures[variant] = await measure[variant](figures);
    log(
      `T1 ${round === 0 ? "warm-up" : `round ${round}/${rounds}`}: events/s ${describe(figures)} ` +
        `(catalog wrote ${figures.catalogWrites} edits/s; runtime start → first commit in store ${figures.startMs} ms)`,
    );
    if (round > 0) measured.push(figures);
  }
  const t1 = {
    events,
    ...summarize(measured),
    catalogWrites: spread(measured.map((r) => r.catalogWrites)),
    startMs: spread(measured.map((r) => r.startMs)),
    // Counted from the runtime's start instead, as T1 was before decision 0025.
    fromStart: spread(measured.map((r) => r.fromStart)),
  };
  // For the record: the same edits written at full speed WHILE replicating (one process writes and
  // relays, as catalog does), from the first commit in catalog to the last in store.
  await store.call("reset");
  const live = await catalog.call("burst", { count: events });
  const liveApplied = await store.call("awaitApplied", { count: events, timeoutMs: 600_000 });
  t1.whileWriting = perSecond(events, live.firstNs, liveApplied.lastNs);
  t1.rounds = measured;
  log(`T1 while writing at full speed: ${t1.whileWriting} events/s`);
  return t1;
}

/**
 * T4: a backlog of `events` waiting in a queue while its consumer is down, drained by a freshly
 * started consumer; rate = events ÷ (first → last commit, or consume for the broker alone). For
 * the suite, catalog writes the edits and its relay publishes them into store's queue.
 * @param {{ lab: any, events: number, rounds: number, log: (line: string) => void }} options
 */
export async function backlogDrain({ lab, events, rounds, log }) {
  const measure = {
    async suite(round) {
      await lab.store.stop();
      await lab.catalog.call("burst", { count: events });
      await lab.catalog.call("outboxPublished", { timeoutMs: 900_000 });
      lab.store = lab.startStore(`store-t4-${round}`);
      const drained = await lab.store.call("awaitApplied", { count: events, timeoutMs: 900_000 });
      return perSecond(events, drained.firstNs, drained.lastNs);
    },
    ...Object.fromEntries(
      BASELINES.map((kind) => [kind, (round) => baselineDrain(lab, kind, events, round)]),
    ),
  };
  const measured = [];
  log(`T4: ${rounds} rounds; a backlog of ${events} events for each variant, drained by a fresh consumer …`);
  for (let round = 1; round <= rounds; round++) {
    const figures = { round };
    for (const variant of abba(VARIANTS, round)) figures[variant] = await measure[variant](round);
    log(`T4 round ${round}/${rounds}: drains events/s ${describe(figures)}`);
    measured.push(figures);
  }
  return { events, ...summarize(measured), rounds: measured };
}
