/**
 * Prometheus of `npm start -- --monitoring` (tools/suite/src/monitoring.mjs) follows a system that a
 * zero-downtime restart moved to its other port (file_sd, no reload), keeping its `instance` label:
 * no `up == 0` for the port it left. Skipped where Prometheus is not installed (`npm start` and
 * the monitoring stage install it).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { isPrometheusInstalled, startPrometheus } from "@scs/suite/monitoring";
import { expect, it } from "vitest";

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
};

interface Target {
  labels: Record<string, string>;
  scrapeUrl: string;
  health: string;
}

it.skipIf(!isPrometheusInstalled())(
  "scrapes a restarted system on its new port under the same instance",
  async () => {
    // The old and the new process of store: each says which it is in its metrics.
    const standIn = (which: string) =>
      createServer((_request, response) => {
        response.setHeader("content-type", "text/plain; version=0.0.4");
        response.end(`# TYPE scs_stand_in gauge\nscs_stand_in{process="${which}"} 1\n`);
      });
    const servers = [standIn("old"), standIn("new")];
    const [oldPort, newPort] = [await listen(servers[0] as Server), await listen(servers[1] as Server)];
    const free = createServer();
    const port = await listen(free);
    await new Promise((resolve) => free.close(resolve));
    const dir = mkdtempSync(path.join(tmpdir(), "monitoring-"));
    const prometheus = await startPrometheus({
      dataDir: dir,
      logDir: dir,
      port,
      systems: [{ system: "store", url: `http://localhost:${oldPort}` }],
      brokerTargets: [],
      log: () => {},
    });
    const storeTarget = async (): Promise<Target | undefined> => {
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/targets?state=active`);
      const body = (await response.json()) as { data: { activeTargets: Target[] } };
      return body.data.activeTargets.find((t) => t.labels.system === "store");
    };
    const waitFor = async (what: (t: Target | undefined) => boolean) => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const target = await storeTarget();
        if (what(target)) return target;
        if (Date.now() > deadline)
          throw new Error(`Prometheus's target of store is ${JSON.stringify(target)}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    };
    try {
      const before = await waitFor((t) => t !== undefined);
      expect(before?.scrapeUrl).toBe(`http://localhost:${oldPort}/api/metrics`);
      // The restart switched store to its other port; the old process is gone.
      prometheus.moveTarget("store", `http://localhost:${newPort}`);
      (servers[0] as Server).close();
      const after = await waitFor((t) => t?.scrapeUrl === `http://localhost:${newPort}/api/metrics`);
      expect(after?.labels.instance).toBe(before?.labels.instance);
      expect(after?.labels.instance).toBe(`localhost:${oldPort}`);
    } finally {
      await prometheus.stop();
      for (const server of servers) server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
  60_000,
);
