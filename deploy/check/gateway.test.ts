/**
 * The front door's configuration (scripts/lib/gateway.mjs): the copy docker-compose.yml mounts into
 * the official nginx image is the generator's current output, and nginx accepts what it generates
 * (`nginx -t` on a private prefix; skipped where nginx is not installed, e.g. a bare CI image —
 * `npm start` and the e2e stage install it).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
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
} from "../../scripts/lib/gateway.mjs";
import { suiteUrls } from "../../scripts/lib/suite.mjs";

const dockerDir = path.join(import.meta.dirname, "../../docker/gateway");

describe("the front door's nginx configuration", () => {
  it("docker/gateway is what the generator writes (node scripts/lib/gateway.mjs docker)", () => {
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
