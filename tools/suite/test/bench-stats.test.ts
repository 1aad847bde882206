import { describe, expect, it } from "vitest";
import { abba, spread, withSpread } from "../../../scripts/lib/bench-stats.mjs";

describe("the benchmark's statistics", () => {
  it("gives the median and interquartile range of repeated measurements, and the IQR relative to the median", () => {
    const s = spread([0.9, 0.7, 1.0, 0.8, 0.6, Number.NaN]);
    expect(s).toEqual({ n: 5, median: 0.8, p25: 0.7, p75: 0.9, relativeIqr: 0.25 });
    expect(withSpread(s)).toBe("0.8 (IQR 0.7–0.9, n 5)");
    expect(spread([])).toEqual({ n: 0, median: null, p25: null, p75: null, relativeIqr: null });
    expect(withSpread(spread([]))).toBe("—");
  });

  it("orders the variants of each round ABBA: as given in odd rounds, reversed in even ones", () => {
    const order = [1, 2, 3, 4].map((round) => abba(["suite", "tuned", "broker"], round).join(" "));
    expect(order).toEqual([
      "suite tuned broker",
      "broker tuned suite",
      "suite tuned broker",
      "broker tuned suite",
    ]);
  });
});

describe("a throughput", () => {
  it("is refused, not Infinity, when every message was timed at one instant (one batch)", async () => {
    const { perSecond } = await import("../../../scripts/lib/bench-throughput.mjs");
    expect(perSecond(1_000, 5e9, 6e9)).toBe(1_000);
    expect(() => perSecond(1_000, 5e9, 5e9)).toThrow(/one batch/);
  });
});

describe("T3's bound", () => {
  it("keeps a writer's share of a core busy while other processes take every core", async ({ skip }) => {
    const { spawn } = await import("node:child_process");
    const { availableParallelism } = await import("node:os");
    const { cpuSecondsOf, occupyCore } = await import("../../../scripts/lib/bench-replication.mjs");
    // One busy process per core and one more, at the same priority as the benchmark's processes.
    const hogs = Array.from({ length: availableParallelism() + 1 }, () =>
      spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }),
    );
    try {
      const writer = await occupyCore(0.8);
      if (!writer.priorityRaised) {
        // Where this machine forbids it (CI may run in a container without CAP_SYS_NICE), the
        // benchmark says so; what the priority buys is checked where it is allowed.
        writer.stop();
        skip("not allowed to raise a process's priority on this machine");
      }
      const hogsCpu = () => hogs.reduce((sum, hog) => sum + cpuSecondsOf(hog.pid), 0);
      const hogsAtStart = hogsCpu();
      const startedMs = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      writer.stop();
      const seconds = (performance.now() - startedMs) / 1000;
      const hogShare = (hogsCpu() - hogsAtStart) / seconds / hogs.length;
      // Whatever else this machine runs (CI runs other stages beside the unit tests), a holder at
      // the hogs' priority gets what a hog gets, as little as 0.5 of a core on two idle cores; at
      // its raised priority it takes its share before them.
      expect(writer.cpuShare()).toBeGreaterThan(Math.min(0.7, 2 * hogShare));
      expect(writer.cpuShare()).toBeLessThan(0.9);
    } finally {
      for (const hog of hogs) hog.kill();
    }
  });

  it("ends the process that holds a core when the benchmark is killed outright", async () => {
    const { spawn } = await import("node:child_process");
    const { createInterface } = await import("node:readline");
    const module = new URL("../../../scripts/lib/bench-replication.mjs", import.meta.url).href;
    const benchmark = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const { occupyCore } = await import(${JSON.stringify(module)}); console.log((await occupyCore(0.1)).pid); setInterval(() => {}, 1000);`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const [line] = await createInterface({ input: benchmark.stdout })
      [Symbol.asyncIterator]()
      .next()
      .then((r) => [r.value]);
    const holder = Number(line);
    const alive = () => {
      try {
        process.kill(holder, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(alive()).toBe(true);
    benchmark.kill("SIGKILL");
    const deadline = Date.now() + 3_000;
    while (alive() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    // Not killed with it (SIGKILL reaches the benchmark alone): it noticed it was orphaned.
    expect(alive()).toBe(false);
  });
});
