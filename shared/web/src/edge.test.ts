import { describe, expect, it } from "vitest";
import { decodablePath, edge, NON_PAGE_CSP, PATH_HEADER, pageCsp, pagePath } from "./edge";

const options = {
  origins: ["http://localhost:3001", "http://localhost:3002", "http://localhost:3003"],
  publicUrl: "http://localhost:3001",
  nonPagePrefixes: ["/images/"],
};

function request(path: string, protocol = "http:") {
  const url = new URL(path, `${protocol}//localhost:3001`);
  return {
    headers: new Headers({ accept: "text/html" }),
    nextUrl: { pathname: url.pathname, search: url.search, protocol: url.protocol },
  };
}

const BASELINE = {
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
};

function expectBaseline(response: Response) {
  for (const [name, value] of Object.entries(BASELINE)) expect(response.headers.get(name)).toBe(value);
  expect(response.headers.get("permissions-policy")).toMatch(/camera=\(\)/);
  expect(response.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
}

describe("the suite's HTTP edge", () => {
  it("answers a path with malformed percent-encoding 400: JSON under /api/, a page elsewhere", async () => {
    for (const path of ["/api/products/%E0", "/api/albums/%C0%AF", "/api/x/%ED%A0%80"]) {
      const response = edge(request(path), options);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: expect.any(String), issues: [] });
      expectBaseline(response);
    }
    for (const path of ["/products/%E0", "/images/products/%E0.svg", "/artists/%FF%FE", "/a/%"]) {
      const response = edge(request(path), options);
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).toContain("Malformed address");
      expect(html).not.toMatch(/<script/i);
      expectBaseline(response);
    }
    expect(decodablePath("/products/%E2%82%AC")).toBe(true);
    expect(decodablePath("/products/%E0")).toBe(false);
  });

  it("escapes the path it shows", async () => {
    const response = edge(request("/%3Cscript%3E/%E0"), options);
    expect(await response.text()).not.toContain("<script>");
  });

  it("gives every page a fresh nonce in its CSP and hands the same CSP to Next.js in the request", () => {
    const first = edge(request("/products/mug?x=1"), options);
    const second = edge(request("/products/mug?x=1"), options);
    const csp = first.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
    const scriptSrc = csp.split("; ").find((d) => d.startsWith("script-src ")) ?? "";
    expect(scriptSrc).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain(
      "form-action 'self' http://localhost:3001 http://localhost:3002 http://localhost:3003",
    );
    expect(second.headers.get("content-security-policy")).not.toBe(csp);
    // NextResponse.next({ request: { headers } }) passes request headers on like this.
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(first.headers.get("x-middleware-request-x-scs-path")).toBe("/products/mug?x=1");
    expectBaseline(first);
  });

  it("gives APIs and generated files a CSP that lets nothing run, and no nonce", () => {
    for (const path of ["/api/products", "/images/products/mug.svg"]) {
      const response = edge(request(path), options);
      expect(response.headers.get("content-security-policy")).toBe(NON_PAGE_CSP);
      expect(response.headers.get("x-middleware-request-content-security-policy")).toBeNull();
      expectBaseline(response);
    }
  });

  it("sends HSTS only over https", () => {
    expect(edge(request("/"), options).headers.get("strict-transport-security")).toBeNull();
    expect(edge(request("/", "https:"), options).headers.get("strict-transport-security")).toMatch(
      /max-age=\d+/,
    );
    const httpsSite = { ...options, publicUrl: "https://shop.example" };
    expect(edge(request("/api/x"), httpsSite).headers.get("strict-transport-security")).toMatch(/max-age/);
  });

  it("allows eval and websockets only in development", () => {
    expect(pageCsp("n", { origins: [], development: true })).toContain("'unsafe-eval'");
    expect(pageCsp("n", { origins: [] })).not.toContain("'unsafe-eval'");
  });

  it("hands pages their path in one header, which pagePath reads back ('/' without one)", () => {
    const forwarded = edge(request("/products?q=mug"), options).headers.get(
      `x-middleware-request-${PATH_HEADER}`,
    );
    expect(pagePath(new Headers({ [PATH_HEADER]: forwarded ?? "" }))).toBe("/products?q=mug");
    expect(pagePath(new Headers())).toBe("/");
    expect(pagePath(new Headers({ [PATH_HEADER]: "https://elsewhere.example/" }))).toBe("/");
  });
});
