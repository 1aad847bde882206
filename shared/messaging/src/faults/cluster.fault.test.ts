/**
 * The suite on a 3-node RabbitMQ cluster (issue 11): every queue a quorum queue with a member on
 * each node; the owners and the replica know all three nodes and fail over between them. The
 * node leading store's queue is killed (kill -9) during writes and restarted; then two nodes stop
 * for 20 s, so that the queues lose their quorum, and come back. Same oracle as the other faults.
 */

import { eventually } from "@scs/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox } from "../tables";
import { FaultLab } from "./fault-lab";

const pace = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const lab = new FaultLab("cluster", 3);

async function writeSpread(count: number, seconds: number, prefix: string) {
  const batch = 10;
  for (let i = 0; i < count; i += batch) {
    for (let j = i; j < Math.min(count, i + batch); j++)
      lab.write(j % 2 === 0 ? "catalog" : "music", `${prefix}-${j % 100}`);
    await pace((seconds * 1000 * batch) / count);
  }
}

/** Seconds from `since` until the replica applied the first event an owner committed after it. */
function firstAppliedAfter(since: number): number | undefined {
  const committedAfter = new Set<string>();
  for (const { db } of Object.values(lab.owners))
    for (const row of db.select({ id: outbox.eventId, createdAt: outbox.createdAt }).from(outbox).all())
      if (row.createdAt >= since) committedAfter.add(row.id);
  const applied = lab
    .appliedTimes()
    .filter((row) => committedAfter.has(row.id))
    .map((row) => row.appliedAt);
  return applied.length ? (Math.min(...applied) - since) / 1000 : undefined;
}

beforeAll(async () => {
  await lab.start();
}, 300_000);

afterAll(async () => {
  await lab.stop();
}, 120_000);

describe("on a 3-node cluster", () => {
  it("loses nothing when the leading node is killed and when two nodes stop for 20 s", async () => {
    for (const queue of ["store.inbox", "catalog.inbox"])
      await eventually(
        async () => (await lab.membersOf(queue)).members.length === 3,
        30_000,
        `${queue} with a member on every node`,
      );
    const writing = writeSpread(3000, 60, "cluster");

    // 1. kill -9 of the node that leads store's queue (and catalog's, when it is the same node).
    await pace(3_000);
    const leader = await lab.leaderOf("store.inbox");
    const catalogLeader = await lab.leaderOf("catalog.inbox");
    const killedAt = Date.now();
    lab.killNode(leader);
    const failover = await eventually(
      () => firstAppliedAfter(killedAt),
      60_000,
      "events applied again after the kill",
    );
    console.log(
      `cluster failover: kill -9 of node ${leader + 1} (leader of store.inbox; catalog.inbox led by node ${catalogLeader + 1}) → first event committed after the kill applied by the replica after ${failover.toFixed(2)} s`,
    );
    lab.log(`failover ${failover.toFixed(2)} s`);
    await lab.restartNode(leader);
    await eventually(
      async () => (await lab.membersOf("store.inbox")).online.length === 3,
      60_000,
      "the killed node back in the queue",
    );

    // 2. Two nodes stop for 20 s: the queues lose their quorum; writes keep landing in the outboxes.
    const second = await lab.leaderOf("store.inbox");
    const third = [0, 1, 2].find((i) => i !== second && i !== leader) ?? (second + 1) % 3;
    const stoppedAt = Date.now();
    await Promise.all([lab.stopNode(second), lab.stopNode(third)]);
    await pace(Math.max(0, 20_000 - (Date.now() - stoppedAt)));
    const restartedAt = Date.now();
    await Promise.all([lab.restartNode(second), lab.restartNode(third)]);
    const recovery = await eventually(
      () => firstAppliedAfter(restartedAt),
      120_000,
      "events applied again after the quorum came back",
    );
    console.log(
      `cluster quorum loss: nodes ${second + 1} and ${third + 1} stopped for ${((restartedAt - stoppedAt) / 1000).toFixed(1)} s → first event committed after their restart applied after ${recovery.toFixed(2)} s`,
    );

    await writing;
    const oracle = await lab.oracle(180_000);
    console.log(
      `oracle · 3-node cluster, leader killed, quorum lost for 20 s: committed ${oracle.committed}, lost ${oracle.lost}, duplicated effects ${oracle.duplicatedEffects}, unexpected ${oracle.unexpected}, mismatched copies ${oracle.mismatched}`,
    );
    expect(oracle).toMatchObject({ lost: 0, duplicatedEffects: 0, unexpected: 0, mismatched: 0 });
    expect(oracle.committed).toBeGreaterThanOrEqual(3000);
    expect(failover).toBeLessThan(10);
  }, 600_000);
});
