/**
 * The front door's configuration (tools/suite/src/gateway.mjs): the copy docker-compose.yml mounts into
 * the official nginx image is the generator's current output, and nginx accepts what it generates
 * (`nginx -t` on a private prefix; skipped where nginx is not installed, e.g. a bare CI image —
 * `npm start` and the e2e stage install it).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Agent, createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { suiteUrls } from "@scs/suite/env";
import {
  dockerGatewayFiles,
  gatewayConfig,
  gatewayPaths,
  NGINX,
  proxyParams,
  publicUrlRewrites,
  startGateway,
  upstreamsConfig,
  writeStaticPages,
} from "@scs/suite/gateway";
import { switchGateway } from "@scs/suite/restart";
import { describe, expect, it } from "vitest";

const dockerDir = path.join(import.meta.dirname, "../../docker/gateway");

describe("the front door's nginx configuration", () => {
  it("docker/gateway is what the generator writes (node tools/suite/src/gateway.mjs docker)", () => {
    for (const [name, text] of Object.entries(dockerGatewayFiles())) {
      expect(readFileSync(path.join(dockerDir, name), "utf8"), name).toBe(text);
    }
    const html = mkdtempSync(path.join(tmpdir(), "gateway-html-"));
    try {
      writeStaticPages(html);
      for (const file of ["not-found.html", "suite-header-fallback.html", "unavailable/catalog.html"]) {
        expect(readFileSync(path.join(dockerDir, "html/_gateway", file), "utf8"), file).toBe(
          readFileSync(path.join(html, "_gateway", file), "utf8"),
        );
      }
    } finally {
      rmSync(html, { recursive: true, force: true });
    }
  });

  it.skipIf(!existsSync(NGINX))("nginx -t accepts the generated configuration", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "gateway-conf-"));
    try {
      const paths = gatewayPaths(dataDir);
      for (const dir of [paths.dir, paths.temp, paths.cache, paths.html, path.dirname(paths.errorLog)]) {
        mkdirSync(dir, { recursive: true });
      }
      writeFileSync(
        paths.upstreams,
        upstreamsConfig({
          catalog: "127.0.0.1:1",
          music: "127.0.0.1:2",
          store: ["127.0.0.1:3", "127.0.0.1:4"],
        }),
      );
      writeFileSync(paths.proxyParams, proxyParams());
      writeFileSync(paths.rewrites, publicUrlRewrites(suiteUrls()));
      writeStaticPages(paths.html);
      writeFileSync(paths.conf, gatewayConfig({ listen: "127.0.0.1:39999", paths }));
      const result = spawnSync(NGINX, ["-t", "-p", paths.dir, "-c", paths.conf, "-e", paths.errorLog], {
        encoding: "utf8",
      });
      expect(result.stderr).toContain("syntax is ok");
      expect(result.status).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.skipIf(!existsSync(NGINX))(
    "tells the systems the visitor's address, never what the visitor wrote (unless a trusted proxy wrote it)",
    async () => {
      // A stand-in for the three systems that answers with the headers it received.
      const echo = createServer((request, response) => {
        response.setHeader("content-type", "application/json");
        response.end(JSON.stringify(request.headers));
      });
      await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
      const upstream = `127.0.0.1:${(echo.address() as AddressInfo).port}`;
      const seenThrough = async (realIpFrom: string[]) => {
        const dataDir = mkdtempSync(path.join(tmpdir(), "gateway-run-"));
        const free = createServer();
        await new Promise<void>((resolve) => free.listen(0, "127.0.0.1", resolve));
        const port = (free.address() as AddressInfo).port;
        await new Promise((resolve) => free.close(resolve));
        const gateway = await startGateway({
          dataDir,
          port,
          upstreams: { catalog: upstream, music: upstream, store: upstream },
          publicUrls: suiteUrls(),
          realIpFrom,
          log: () => {},
        });
        try {
          const response = await fetch(`http://127.0.0.1:${port}/store/api/echo`, {
            headers: { "x-forwarded-for": "198.51.100.7", "x-real-ip": "198.51.100.7" },
          });
          return (await response.json()) as Record<string, string>;
        } finally {
          await gateway.stop();
          rmSync(dataDir, { recursive: true, force: true });
        }
      };
      try {
        // The door is the edge (npm start, docker compose): the visitor's own claim is dropped.
        const atTheEdge = await seenThrough([]);
        expect(atTheEdge["x-forwarded-for"]).toBe("127.0.0.1");
        expect(atTheEdge["x-real-ip"]).toBe("127.0.0.1");
        // Behind a proxy it trusts (an Ingress controller), the visitor that proxy names.
        const behindProxy = await seenThrough(["127.0.0.0/8"]);
        expect(behindProxy["x-forwarded-for"]).toBe("198.51.100.7");
        expect(behindProxy["x-real-ip"]).toBe("198.51.100.7");
      } finally {
        echo.close();
      }
    },
  );
});

describe("a zero-downtime restart's switch of the front door", () => {
  it.skipIf(!existsSync(NGINX))(
    "loses no request of a client that keeps its connections alive, and sends each POST to one system once",
    async () => {
      // Two stand-ins for store, the old process and the new one: each counts the POSTs it answers.
      const answered = { old: 0, new: 0 };
      const standIn = (name: keyof typeof answered) =>
        createServer((request, response) => {
          request.resume();
          request.on("end", () => {
            answered[name]++;
            response.setHeader("content-type", "application/json");
            response.end(JSON.stringify({ instance: name }));
          });
        });
      const servers = { old: standIn("old"), new: standIn("new") };
      const portOf = async (server: ReturnType<typeof createServer>) => {
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        return (server.address() as AddressInfo).port;
      };
      const oldPort = await portOf(servers.old);
      const newPort = await portOf(servers.new);
      const dataDir = mkdtempSync(path.join(tmpdir(), "gateway-switch-"));
      const free = createServer();
      const port = await portOf(free);
      await new Promise((resolve) => free.close(resolve));
      const other = "127.0.0.1:9";
      const gateway = await startGateway({
        dataDir,
        port,
        upstreams: { catalog: other, music: other, store: [`127.0.0.1:${oldPort}`, `127.0.0.1:${newPort}`] },
        publicUrls: suiteUrls(),
        log: () => {},
      });
      // A client as the load of `npm run bench -- --only restart`: 16 kept-alive connections, each
      // posting again as soon as it has its answer (a POST is never retried by the client).
      const agent = new Agent({ keepAlive: true, maxSockets: 16 });
      const post = () =>
        new Promise<string>((resolve, reject) => {
          const request = httpRequest(
            { host: "127.0.0.1", port, path: "/store/api/orders", method: "POST", agent },
            (response) => {
              let body = "";
              response.on("data", (chunk) => {
                body += chunk;
              });
              response.on("end", () =>
                response.statusCode === 200
                  ? resolve(body)
                  : reject(new Error(`HTTP ${response.statusCode}`)),
              );
            },
          );
          request.on("error", reject);
          request.end("{}");
        });
      let switching = true;
      const outcomes = { ok: 0, failed: [] as string[] };
      const lanes = Array.from({ length: 16 }, async () => {
        while (switching) {
          try {
            await post();
            outcomes.ok++;
          } catch (error) {
            outcomes.failed.push(String(error));
          }
        }
      });
      try {
        // Old → new → old → new, as two restarts of store bring it home and away again.
        for (const to of [newPort, oldPort, newPort, oldPort, newPort]) {
          await new Promise((resolve) => setTimeout(resolve, 300));
          await switchGateway(gateway, "store", to);
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
        // Switched: what comes now goes to the new one only.
        const after = await Promise.all(Array.from({ length: 10 }, post));
        outcomes.ok += after.length;
        expect(after.map((body) => JSON.parse(body).instance)).toEqual(Array(10).fill("new"));
        // A request that still goes to the old one after it stopped listening (it chose it just
        // before a switch) is refused there before anything was sent: nginx passes it to the other.
        servers.old.close();
        servers.old.closeIdleConnections();
        gateway.route("store", oldPort);
        const refused = await Promise.all(Array.from({ length: 10 }, post));
        outcomes.ok += refused.length;
        expect(refused.map((body) => JSON.parse(body).instance)).toEqual(Array(10).fill("new"));
      } finally {
        switching = false;
        await Promise.all(lanes);
        agent.destroy();
        await gateway.stop();
        for (const server of Object.values(servers)) server.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
      expect(outcomes.failed).toEqual([]);
      expect(outcomes.ok).toBeGreaterThan(100);
      // Every POST answered by exactly one of the two, and only one answer per POST.
      expect(answered.old + answered.new).toBe(outcomes.ok);
    },
    60_000,
  );

  it.skipIf(!existsSync(NGINX))(
    "sends the header include to the process it switched to, and one that process is slow to answer never to the old one",
    async () => {
      // catalog's page includes store's header; store is two processes, old and new, after a switch.
      const page = createServer((_request, response) => {
        response.setHeader("content-type", "text/html");
        response.end('<p>page</p><!--# include virtual="/_gateway/suite-header?current=catalog" -->');
      });
      const includes = { old: 0, new: 0 };
      let newIsSlow = false;
      const header = (name: keyof typeof includes) =>
        createServer((_request, response) => {
          includes[name]++;
          // Slower than the include's 3 s read timeout, as a store under load was.
          setTimeout(() => response.end(`<nav>${name}</nav>`), name === "new" && newIsSlow ? 4_000 : 0);
        });
      const servers = { page, old: header("old"), new: header("new") };
      const portOf = async (server: ReturnType<typeof createServer>) => {
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        return (server.address() as AddressInfo).port;
      };
      const pagePort = await portOf(servers.page);
      const oldPort = await portOf(servers.old);
      const newPort = await portOf(servers.new);
      const dataDir = mkdtempSync(path.join(tmpdir(), "gateway-include-"));
      const free = createServer();
      const port = await portOf(free);
      await new Promise((resolve) => free.close(resolve));
      const other = `127.0.0.1:${pagePort}`;
      const gateway = await startGateway({
        dataDir,
        port,
        upstreams: { catalog: other, music: other, store: [`127.0.0.1:${oldPort}`, `127.0.0.1:${newPort}`] },
        publicUrls: suiteUrls(),
        log: () => {},
      });
      const pageThroughDoor = async () => (await fetch(`http://127.0.0.1:${port}/catalog/`)).text();
      try {
        expect(await pageThroughDoor()).toContain("<nav>old</nav>");
        await switchGateway(gateway, "store", newPort);
        // Each include looks at the switch anew (no cached look, no pooled connection to the old).
        const pages = [];
        for (let i = 0; i < 10; i++) pages.push(await pageThroughDoor());
        expect(pages.filter((body) => body.includes("<nav>new</nav>"))).toHaveLength(10);
        expect(includes).toEqual({ old: 1, new: 10 });
        // The new process is slow: the page gets the static header, and the old one sees nothing
        // (it is draining: a request sent there kept it from ever getting quiet).
        newIsSlow = true;
        const slow = await pageThroughDoor();
        expect(slow).toContain('data-suite-header="fallback"');
        expect(includes).toEqual({ old: 1, new: 11 });
      } finally {
        await gateway.stop();
        for (const server of Object.values(servers)) {
          server.closeAllConnections();
          server.close();
        }
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    30_000,
  );
});
