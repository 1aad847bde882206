/**
 * Fault tests (issue 3) where the broker process itself fails: killed, frozen, out of memory or
 * disk. Each runs against a RabbitMQ of this file's own and is followed by the oracle: lost
 * (committed but never applied), duplicated effects and unexpected events must all be 0, and the
 * replica must hold exactly the owners' versions. (Files run in parallel, each with its lab.)
 */

import { readdirSync, readFileSync } from "node:fs";
import { RA_WAL_MAX_SIZE_BYTES } from "@scs/suite/broker/node";
import { eventually } from "@scs/testing";
import { describe, expect, it } from "vitest";
import { FREEZE_SECONDS, labOfThisFile, pace } from "./scenario";

const { lab, writeSpread, writeDuring, expectNoDamage } = labOfThisFile("broker");

describe("the replica stays identical to its owners when the broker fails", () => {
  it("lets the broker's schedulers run on any core: it shares them with the systems", () => {
    // The Erlang VM's own process (the pid file it writes), not the start script's.
    const pid = readFileSync(lab.broker.env.RABBITMQ_PID_FILE as string, "utf8").trim();
    const cores = (task: string) =>
      /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync(`/proc/${pid}/${task}status`, "utf8"))?.[1];
    const schedulers = readdirSync(`/proc/${pid}/task`).filter((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").trim().endsWith("_scheduler"),
    );
    expect(schedulers.length).toBeGreaterThan(0);
    for (const tid of schedulers) expect(cores(`task/${tid}/`), `scheduler thread ${tid}`).toBe(cores(""));
  });

  it("rolls the quorum queues' write-ahead log over at 64 MiB, not RabbitMQ's 512 MiB", async () => {
    // What the queues' Ra system runs with, not only what the configuration file says: a rollover
    // of 512 MiB held deliveries back for over a second (docs/decisions/0026-small-quorum-wal.md).
    const walBytes = await lab.ctl("eval", "maps:get(wal_max_size_bytes, ra_system:fetch(quorum_queues)).");
    expect(Number(walBytes)).toBe(RA_WAL_MAX_SIZE_BYTES);
    expect(RA_WAL_MAX_SIZE_BYTES).toBe(64 * 1024 * 1024);
  });

  it("while the broker is killed (kill -9) and restarted 3 times during 3,000 writes", async () => {
    const writing = writeSpread(3000, 15, "kill");
    for (let round = 0; round < 3; round++) {
      await pace(2_500);
      lab.killBroker();
      await pace(500);
      await lab.restartBroker();
    }
    await writing;
    expect((await expectNoDamage()).committed).toBeGreaterThanOrEqual(3000);
  }, 300_000);

  it(`while the broker is frozen (SIGSTOP) for ${FREEZE_SECONDS} s, then resumed`, async () => {
    lab.freezeBroker();
    try {
      await writeSpread(600, FREEZE_SECONDS, "freeze");
    } finally {
      lab.thawBroker();
    }
    await writeSpread(200, 2, "freeze");
    await expectNoDamage();
  }, 300_000);

  it("while a memory alarm, then a disk alarm, blocks publishing for 10 s each during writes", async () => {
    const alarms: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
      [
        "memory",
        () => lab.ctl("set_vm_memory_high_watermark", "0.000001"),
        () => lab.ctl("set_vm_memory_high_watermark", "0.4"),
      ],
      [
        "disk",
        () => lab.ctl("set_disk_free_limit", String(10 ** 15)),
        () => lab.ctl("set_disk_free_limit", "50MB"),
      ],
    ];
    for (const [kind, raise, clear] of alarms) {
      // The broker blocks a connection, and tells it so, only once it publishes during the alarm:
      // the owners write through the whole of each alarm, however long the broker takes to raise
      // it (a fixed 30 s of writes had ended before a late disk alarm, on a loaded machine).
      await writeDuring(`alarm-${kind}`, async () => {
        await pace(2_000);
        lab.log(`fault: ${kind} alarm raised`);
        await raise();
        try {
          // What /ops shows while it lasts: the owner's broker link is blocked, with the broker's reason.
          // RabbitMQ checks the free disk space every 10 s at most (disk_monitor_max_interval): the
          // disk alarm may take that long to be raised; the block then lasts 10 s.
          const reason = await eventually(
            () => lab.owners.catalog.messaging.status().brokerBlocked,
            20_000,
            `catalog to see the ${kind} alarm`,
          );
          lab.log(`catalog blocked: ${reason}`);
          await pace(10_000);
        } finally {
          await clear();
          lab.log(`fault: ${kind} alarm cleared`);
        }
        await eventually(
          () => lab.owners.catalog.messaging.status().brokerBlocked === null,
          15_000,
          "catalog unblocked",
        );
      });
    }
    await expectNoDamage();
  }, 300_000);
});
