/**
 * T6's "JS" figure: the bytes of JavaScript a page ships, counted the same on every run. A page on
 * a loopback server names a large compressed script and a slow one; after `load` it loads another
 * script, as Next's <Link> prefetching loads other routes' chunks. The figure is exactly the named
 * files' bytes and the inline scripts' UTF-8 bytes; the later script is counted apart.
 * Needs Chromium at /usr/bin/chromium (npm test's setup installs it), as the benchmark does.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paintAndScripts } from "../../../scripts/lib/bench-pages.mjs";

const big = `globalThis.big = ${JSON.stringify("x".repeat(300 * 1024))};\n`;
const slow = `globalThis.slow = ${JSON.stringify("y".repeat(10_000))};\n`;
const later = `globalThis.later = ${JSON.stringify("z".repeat(50_000))};\n`;
const flight = `self.__flight = ["Grüße, 5 €"];`;
const loadLater = `addEventListener("load", () => setTimeout(() => document.head.append(Object.assign(document.createElement("script"), { src: "/later.js" })), 200));`;
const page = (scripts: string) => `<!doctype html><html><head><meta charset="utf-8"><title>T6</title>
${scripts}
<script src="/legacy.js" nomodule></script>
<script type="application/ld+json">{"@type": "Product", "name": "not JavaScript"}</script>
</head><body><h1>A page</h1><script>${flight}</script><script>${loadLater}</script></body></html>`;
const bigGzip = gzipSync(big);

const requested: string[] = [];
const server = http.createServer((req, res) => {
  requested.push(req.url ?? "");
  const js = (body: string | Buffer, headers: http.OutgoingHttpHeaders = {}) =>
    res.writeHead(200, { "content-type": "text/javascript", ...headers }).end(body);
  switch (req.url) {
    case "/":
      res
        .writeHead(200, { "content-type": "text/html; charset=utf-8" })
        .end(page(`<script src="/big.js" async></script><script src="/slow.js" async></script>`));
      return;
    case "/broken":
      res
        .writeHead(200, { "content-type": "text/html; charset=utf-8" })
        .end(page(`<script src="/big.js" async></script><script src="/missing.js" async></script>`));
      return;
    case "/big.js":
      return js(bigGzip, { "content-encoding": "gzip" });
    case "/slow.js":
      setTimeout(() => js(slow), 400);
      return;
    case "/later.js":
      return js(later);
    case "/legacy.js":
      return js("globalThis.legacy = true;");
    default:
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  }
});
let base = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the JavaScript a page ships (T6)", () => {
  it("counts exactly the scripts its HTML names and its inline scripts, and what loads later apart", async () => {
    const [result] = await paintAndScripts([`${base}/`], { idleWaitMs: 2000 });
    const inline = Buffer.byteLength(flight) + Buffer.byteLength(loadLater);
    expect(result).toMatchObject({
      url: "/",
      files: 2,
      fileBytes: big.length + slow.length,
      fileTransferBytes: bigGzip.length + slow.length,
      inlineBytes: inline,
      jsBytes: big.length + slow.length + inline,
      laterFiles: 1,
      laterBytes: later.length,
    });
    // The nomodule script is one a modern browser does not load: not counted, not fetched.
    expect(requested).not.toContain("/legacy.js");
  });

  it("fails when a script its HTML names does not load, rather than counting it as 0 bytes", async () => {
    await expect(paintAndScripts([`${base}/broken`], { idleWaitMs: 0 })).rejects.toThrow(
      /missing\.js \(status 404\)/,
    );
  });
});
