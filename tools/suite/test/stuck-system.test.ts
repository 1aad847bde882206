/**
 * A system that does not answer during start-up: each poll ends by its own timer, and the start's
 * error says what the process was doing (its main thread's JavaScript stack, from a diagnostic
 * report it writes on SIGUSR2), instead of a wait that hangs with nothing to go on.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { pollUrl, stuckProcessReport } from "../src/systems.mjs";

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("a system that does not answer", () => {
  it("is polled with a limit: the poll ends with why, on time", async () => {
    const server = http.createServer(() => {}); // accepts, never answers
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    server.on("connection", (socket) => cleanups.push(() => void socket.destroy()));
    const started = Date.now();
    const answer = await pollUrl(
      `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/health`,
      500,
    );
    expect(answer).toEqual({ status: 0, error: "no answer within 0.5 s" });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("is asked what it is doing: a busy main thread, or an event loop that runs", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "stuck-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const start = async (code: string) => {
      const child: ChildProcess = spawn(
        process.execPath,
        ["--report-on-signal", `--report-directory=${dir}`, "-e", `console.log('started'); ${code}`],
        { stdio: ["ignore", "pipe", "ignore"] },
      );
      cleanups.push(() => void child.kill("SIGKILL"));
      await new Promise((resolve) => child.stdout?.once("data", resolve));
      return child.pid as number;
    };
    const busy = await start("for (;;) {}");
    const idle = await start("setInterval(() => {}, 1000)");
    const busyReport = await stuckProcessReport(busy, dir, 1_500);
    expect(busyReport).toMatch(/state R .* s of CPU/);
    expect(busyReport).toContain("its event loop is blocked");
    const idleReport = await stuckProcessReport(idle, dir, 1_500);
    expect(idleReport).toMatch(/state S /);
    expect(idleReport).toContain("its event loop runs: diagnostic report");
  });
});
