/**
 * npm start starts the systems while the broker boots, so "ready" must also wait for each system's
 * broker connection (GET /api/ready: `broker`), which comes later; one that never connects is
 * reported after the limit, not waited for forever.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { waitForBrokerConnections } from "../src/systems.mjs";

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A stand-in system whose /api/ready reports the broker up from `upAfterMs` on (never when null). */
async function system(upAfterMs: number | null): Promise<string> {
  const started = Date.now();
  const server = http.createServer((_req, res) => {
    const up = upAfterMs !== null && Date.now() - started >= upAfterMs;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ database: "up", broker: up ? "up" : "down", outboxPending: 0 }));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("waiting for the systems' broker connections", () => {
  it("waits until each system reports its broker connection up", async () => {
    const urls = { catalog: await system(0), music: await system(600), store: await system(300) };
    const lines: string[] = [];
    const started = Date.now();
    const late = await waitForBrokerConnections({
      urls,
      log: (l: string) => lines.push(l),
      timeoutMs: 5_000,
    });
    expect(late).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    expect(lines.map((l) => l.trim().split(/\s+/)[0])).toEqual(["catalog", "store", "music"]);
  });

  it("names a system still unconnected at the limit instead of waiting on", async () => {
    const urls = { catalog: await system(0), music: await system(null), store: await system(0) };
    const started = Date.now();
    const late = await waitForBrokerConnections({ urls, log: () => {}, timeoutMs: 500 });
    expect(late).toEqual(["music"]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
