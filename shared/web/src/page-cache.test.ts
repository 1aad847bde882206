import { describe, expect, it } from "vitest";
import { PageCache } from "./page-cache";

const options = {
  origins: ["http://localhost:3001", "http://localhost:3003"],
  publicUrl: "http://localhost:3003",
};

function request(path: string, headers: Record<string, string> = {}) {
  const url = new URL(path, "http://localhost:3003");
  return {
    method: "GET",
    headers: new Headers({ accept: "text/html", host: "localhost:3003", ...headers }),
    nextUrl: { pathname: url.pathname, search: url.search, protocol: url.protocol },
  };
}

/** A server that renders "<price>" into a page with its own nonce, counting renders. */
function server(state: { price: string; status?: number }) {
  const renders: Headers[] = [];
  const render = async (_request: unknown, headers: Headers) => {
    renders.push(headers);
    const nonce = `render-${renders.length}-nonce`;
    return new Response(
      `<html><script nonce="${nonce}">1</script><p>${state.price}</p><script nonce="${nonce}">2</script></html>`,
      {
        status: state.status ?? 200,
        headers: {
          "content-type": "text/html; charset=utf-8",
          "content-security-policy": `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
        },
      },
    );
  };
  return { render, renders };
}

const nonceOf = (response: Response) =>
  /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];

describe("the page cache", () => {
  it("keeps the front door's page (the SSI include) apart from the page on the system's own port", async () => {
    const data = { price: "€10.00" };
    const { render, renders } = server(data);
    const cache = new PageCache({ pages: [/^\/$/], version: () => "1" }, render);

    await cache.handle(request("/", { "x-suite-front-door": "1" }), options);
    const direct = await cache.handle(request("/"), options);
    expect(direct.headers.get("x-page-cache")).toBe("miss");
    expect(renders.map((headers) => headers.get("x-suite-front-door"))).toEqual(["1", null]);
    const again = await cache.handle(request("/", { "x-suite-front-door": "1" }), options);
    expect(again.headers.get("x-page-cache")).toBe("hit");
    expect(renders).toHaveLength(2);
  });

  it("renders a public page once per version of the data, with a fresh nonce in every answer", async () => {
    const data = { price: "€10.00", version: 1 };
    const { render, renders } = server(data);
    const cache = new PageCache(
      { pages: [/^\/offers\/[^/]+$/], version: () => String(data.version) },
      render,
    );

    const first = await cache.handle(request("/offers/a"), options);
    const second = await cache.handle(request("/offers/a"), options);
    expect(renders).toHaveLength(1);
    expect(second.headers.get("x-page-cache")).toBe("hit");
    const [html1, html2] = [await first.text(), await second.text()];
    expect(html2).toContain("€10.00");
    for (const [response, html] of [
      [first, html1],
      [second, html2],
    ] as const) {
      const nonce = nonceOf(response);
      expect(nonce).toMatch(/^[A-Za-z0-9+/=]{24}$/);
      // Every script carries this answer's nonce; the render's nonce is never sent.
      expect(html.split(`nonce="${nonce}"`)).toHaveLength(3);
      expect(html).not.toContain("render-1-nonce");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
    }
    expect(nonceOf(first)).not.toBe(nonceOf(second));

    // A commit changes the version: the very next answer is rendered from the new data.
    data.price = "€12.00";
    data.version = 2;
    const third = await cache.handle(request("/offers/a"), options);
    expect(renders).toHaveLength(2);
    expect(await third.text()).toContain("€12.00");
  });

  it("renders concurrent requests of one page once", async () => {
    const { render, renders } = server({ price: "€1.00" });
    const cache = new PageCache({ pages: [/^\/$/], version: () => "1" }, render);
    const answers = await Promise.all(Array.from({ length: 5 }, () => cache.handle(request("/"), options)));
    expect(renders).toHaveLength(1);
    for (const answer of answers) expect(await answer.text()).toContain("€1.00");
  });

  it("leaves personal and non-page requests to the edge", async () => {
    const { render, renders } = server({ price: "€1.00" });
    const cache = new PageCache({ pages: [/^\/$/, /^\/offers$/], version: () => "1" }, render);
    for (const r of [
      request("/", { cookie: "scs_session=abc" }),
      request("/", { authorization: "Bearer abc" }),
      request("/", { rsc: "1" }),
      request("/?_rsc=x1"),
      request("/cart"),
      { ...request("/offers"), method: "POST" },
    ]) {
      expect(cache.cacheable(r)).toBe(false);
      const response = await cache.handle(r, options);
      expect(response.headers.get("x-page-cache")).toBeNull();
    }
    expect(renders).toHaveLength(0);
  });

  it("answers a page that is not a shared 200 as rendered, and keeps nothing", async () => {
    const state = { price: "gone", status: 404 };
    const { render, renders } = server(state);
    const cache = new PageCache({ pages: [/^\/offers\/[^/]+$/], version: () => "1" }, render);
    const first = await cache.handle(request("/offers/x"), options);
    expect(first.status).toBe(404);
    expect(await first.text()).toContain('nonce="render-1-nonce"');
    expect(nonceOf(first)).toBe("render-1-nonce");
    await cache.handle(request("/offers/x"), options);
    expect(renders).toHaveLength(2);
  });

  it("answers the page as rendered but for the nonce, byte for byte, wherever the nonce stands", async () => {
    const renderNonce = "cmVuZGVyLW5vbmNl";
    // Multi-byte characters before and between the nonces, and a nonce at the very start and end.
    const page = `${renderNonce}<p>Prix : 10,00 €</p><script nonce="${renderNonce}">"ü→♪"</script>${renderNonce}`;
    const render = async () =>
      new Response(page, {
        headers: {
          "content-type": "text/html; charset=utf-8",
          "content-security-policy": `script-src 'nonce-${renderNonce}'`,
        },
      });
    const cache = new PageCache({ pages: [/^\/$/], version: () => "1" }, render);
    for (const expected of ["miss", "hit", "hit"]) {
      const answer = await cache.handle(request("/"), options);
      expect(answer.headers.get("x-page-cache")).toBe(expected);
      const nonce = nonceOf(answer) ?? "";
      expect(Buffer.from(await answer.arrayBuffer())).toEqual(
        Buffer.from(page.replaceAll(renderNonce, nonce), "utf8"),
      );
    }
  });

  it("answers an old page at once and renders its successor in the background when the data has not changed", async () => {
    const data = { price: "€1.00" };
    const { render: renderNow, renders } = server(data);
    let release = () => {};
    let held = false;
    const render = async (request: unknown, headers: Headers) => {
      // The second render waits until the test lets it go: a visitor must not wait for it.
      if (renders.length === 1) {
        held = true;
        await new Promise<void>((resolve) => {
          release = resolve;
        });
      }
      return renderNow(request, headers);
    };
    const cache = new PageCache({ pages: [/^\/$/], version: () => "1", maxAgeMs: 0 }, render);
    await cache.handle(request("/"), options);
    data.price = "€2.00";
    await new Promise((resolve) => setTimeout(resolve, 5));

    const tooSlow = new Promise<"waited">((resolve) => setTimeout(() => resolve("waited"), 1000));
    const old = await Promise.race([cache.handle(request("/"), options), tooSlow]);
    expect(old).toBeInstanceOf(Response);
    const stale = old as Response;
    expect(stale.headers.get("x-page-cache")).toBe("stale");
    expect(await stale.text()).toContain("€1.00");
    expect(held).toBe(true);
    // One background render, however many visitors come while it runs.
    await cache.handle(request("/"), options);
    release();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(renders).toHaveLength(2);
    const renewed = await cache.handle(request("/"), options);
    expect(await renewed.text()).toContain("€2.00");
  });
});
