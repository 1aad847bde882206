import { describe, expect, it } from "vitest";
import { FairQueue, QueueRefused } from "./fair-queue";

/** A job that finishes when told to; records when it started. */
function gate(log: string[], name: string) {
  let open = () => {};
  const done = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    job: async () => {
      log.push(name);
      await done;
      return name;
    },
    open: () => open(),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("the fair hashing queue", () => {
  const options = { concurrency: 2, perClient: 1, perClientWaiting: 3, maxWaiting: 10, maxWaitMs: 10_000 };

  it("runs one job per client at a time and serves another client before a flooder's backlog", async () => {
    const queue = new FairQueue(options);
    const log: string[] = [];
    const flood = [0, 1, 2, 3].map((i) => gate(log, `flood${i}`));
    const results = flood.map((g) => queue.run("flooder", g.job));
    await tick();
    expect(log).toEqual(["flood0"]); // one slot for the flooder, the other stays free
    const user = gate(log, "user");
    const userResult = queue.run("user", user.job);
    await tick();
    expect(log).toEqual(["flood0", "user"]); // started at once
    user.open();
    expect(await userResult).toBe("user");
    for (const g of flood) g.open();
    expect(await Promise.all(results)).toEqual(["flood0", "flood1", "flood2", "flood3"]);
  });

  it("takes waiting clients in turn", async () => {
    const queue = new FairQueue({ ...options, concurrency: 1 });
    const log: string[] = [];
    const gates = ["a1", "a2", "a3", "b1", "b2", "c1"].map((name) => ({ name, ...gate(log, name) }));
    const runs = gates.map((g) => queue.run(g.name[0] as string, g.job));
    for (const g of gates) {
      await tick();
      g.open();
    }
    // All were opened already; what matters is the order they started in.
    await Promise.all(runs);
    expect(log).toEqual(["a1", "a2", "b1", "c1", "a3", "b2"]);
  });

  it("refuses a client with too much waiting (429) and a full queue (503)", async () => {
    const queue = new FairQueue({ ...options, concurrency: 1, perClientWaiting: 2, maxWaiting: 3 });
    const log: string[] = [];
    const held = gate(log, "held");
    const first = queue.run("a", held.job);
    const waiting = [queue.run("a", async () => "w1"), queue.run("a", async () => "w2")];
    await expect(queue.run("a", async () => "too many")).rejects.toMatchObject({ reason: "client" });
    waiting.push(queue.run("b", async () => "b"));
    const refused = await queue.run("c", async () => "c").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(QueueRefused);
    expect(refused).toMatchObject({ reason: "busy", retryAfterS: 10 });
    held.open();
    expect(await first).toBe("held");
    expect(await Promise.all(waiting)).toEqual(["w1", "w2", "b"]);
  });

  it("gives up on a job that waited longer than maxWaitMs", async () => {
    const queue = new FairQueue({ ...options, concurrency: 1, maxWaitMs: 50 });
    const held = gate([], "held");
    const first = queue.run("a", held.job);
    await expect(queue.run("b", async () => "late")).rejects.toMatchObject({ reason: "busy" });
    expect(queue.waiting).toBe(0);
    held.open();
    await first;
  });

  it("frees the slot of a job that throws", async () => {
    const queue = new FairQueue({ ...options, concurrency: 1 });
    await expect(queue.run("a", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await queue.run("a", async () => "next")).toBe("next");
    expect(queue.running).toBe(0);
  });

  it("keeps a slot for the priority lane: a flood from many clients never makes a priority job wait", async () => {
    const queue = new FairQueue({ ...options, concurrency: 2, reservedForPriority: 1 });
    const log: string[] = [];
    const flood = ["a", "b", "c"].map((client) => ({ client, ...gate(log, `flood-${client}`) }));
    const floods = flood.map((g) => queue.run(g.client, g.job));
    await tick();
    expect(log).toEqual(["flood-a"]); // normal jobs get one slot of two
    expect(queue.running).toBe(1);
    const trusted = gate(log, "trusted");
    const trustedRun = queue.run("device", trusted.job, "priority");
    await tick();
    expect(log).toEqual(["flood-a", "trusted"]); // started at once, on the reserved slot
    trusted.open();
    await trustedRun;
    await tick();
    expect(log).toEqual(["flood-a", "trusted"]); // the freed reserved slot stays free of the flood
    for (const g of flood) g.open();
    await Promise.all(floods);
    expect(log).toEqual(["flood-a", "trusted", "flood-b", "flood-c"]);
  });

  it("starts a waiting priority job before any waiting normal job", async () => {
    const queue = new FairQueue({ ...options, concurrency: 1 });
    const log: string[] = [];
    const held = gate(log, "held");
    const first = queue.run("a", held.job);
    const normal = queue.run("b", async () => log.push("normal"));
    const priority = queue.run("device", async () => log.push("priority"), "priority");
    held.open();
    await Promise.all([first, normal, priority]);
    expect(log).toEqual(["held", "priority", "normal"]);
  });

  it("refuses a second job of a client at once when it may have none waiting", async () => {
    const queue = new FairQueue({ ...options, perClientWaiting: 0 });
    const held = gate([], "held");
    const first = queue.run("a", held.job);
    await expect(queue.run("a", async () => "second")).rejects.toMatchObject({ reason: "client" });
    held.open();
    await first;
  });
});
