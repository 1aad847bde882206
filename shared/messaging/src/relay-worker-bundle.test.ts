/**
 * The relay's thread run from source (vitest, the benchmarks' tsx processes) loads one bundle of
 * its own TypeScript, and Node loads its packages itself. Through tsx's loader every module of the
 * thread went through tsx's hooks, 1-2 s of CPU at each start (T1 counted it, T4's drain competed
 * with it). What the bundle imports is what the thread loads: neither zod nor OpenTelemetry, which
 * it has no use for.
 */
import { readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { createTestDb } from "@scs/testing";
import { describe, expect, it } from "vitest";
import { databaseFileOf, relayWorkerBundle } from "./relay-thread";
import type { FromRelay, RelayWorkerData } from "./relay-worker";
import * as messagingTables from "./tables";

describe("the relay's thread from source", () => {
  it("is one module importing only Node's modules and the messaging package's drivers, neither zod nor OpenTelemetry", () => {
    const code = readFileSync(relayWorkerBundle(), "utf8");
    const imports = [...code.matchAll(/^import\s(?:[^"';]*?\sfrom\s)?"([^"]+)";$/gm)].map((m) => m[1]);
    const packages = new Set(
      imports.filter((name) => !name?.startsWith("node:")).map((n) => n?.split("/")[0]),
    );
    expect([...packages].sort()).toEqual(["amqplib", "better-sqlite3", "drizzle-orm"]);
    // Nothing of the workspace is left to a TypeScript loader.
    expect(imports.filter((name) => name?.startsWith("@scs/") || name?.startsWith("."))).toEqual([]);
  });

  it("loads in a thread without tsx's loader, and stops when told (no broker reachable)", async () => {
    const db = await createTestDb(messagingTables);
    const data: RelayWorkerData = {
      system: "catalog",
      file: databaseFileOf(db),
      // Nothing listens on port 1: the thread keeps trying to connect until it is stopped.
      amqpUrl: "amqp://catalog:secret@127.0.0.1:1/scs",
      userId: "catalog",
      wake: new SharedArrayBuffer(4),
    };
    const worker = new Worker(relayWorkerBundle(), { workerData: data, execArgv: [] });
    const seen: FromRelay["kind"][] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        worker.on("error", reject);
        worker.on("message", (message: FromRelay) => {
          seen.push(message.kind);
          if (message.kind === "loaded") worker.postMessage({ kind: "stop" });
          if (message.kind === "stopped") resolve();
        });
      });
    } finally {
      await worker.terminate();
    }
    expect(seen[0]).toBe("loaded");
    expect(seen.at(-1)).toBe("stopped");
  }, 30_000);
});
