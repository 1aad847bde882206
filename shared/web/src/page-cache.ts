/**
 * Shop pages rendered once per change of the data, not once per request (issue 15, item 4; see
 * docs/decisions/0022-page-cache.md). A self-contained system knows exactly when its data changes:
 * every change is a commit to its own SQLite database. `version()` names the database's current
 * state (see `sqliteVersion`); a page is rendered again only when that name has changed, or after
 * `maxAgeMs` (pages say "updated 5 minutes ago").
 *
 * Only what is the same for every visitor is cached: GETs of the listed public pages without any
 * cookie or Authorization header (a session or a cart makes the header personal) and without
 * Next's client-navigation headers (RSC payloads are another representation). Everything else
 * goes through `edge()` as before.
 *
 * The per-request CSP nonce stays per request: the page is rendered with a nonce that is never
 * sent to anyone, and each answer gets a fresh nonce in its policy and in place of that one in
 * the HTML (an attacker cannot plant the render's nonce in the data: nobody ever sees it). The
 * page is kept as its UTF-8 bytes cut at the render's nonce, so an answer is one copy of those
 * bytes with the fresh nonce between them, not a search of the whole page and an encoding of it.
 *
 * A miss renders the page through the server's own port (the request is marked with a random
 * per-process token, so that request passes the cache); concurrent misses of one page share one
 * render. A page that is only old (`maxAgeMs`, the data unchanged) is answered as it is while one
 * render replaces it in the background: no visitor waits for a render that no change asked for.
 */
import { type EdgeOptions, edge, newNonce, pageCsp, setSecurityHeaders } from "./edge";

export interface PageCacheOptions {
  /** Public pages that look the same to every anonymous visitor. */
  pages: readonly RegExp[];
  /** The name of the data's current state: equal names, equal pages. */
  version: () => string;
  /** A page is rendered again after this long even without a change (relative times on it). */
  maxAgeMs?: number;
  /** Most pages held (least recently used go first). */
  maxEntries?: number;
}

interface CachedPage {
  version: string;
  renderedAt: number;
  status: number;
  headers: [string, string][];
  /** The page's UTF-8 bytes between the occurrences of the render's nonce (each answer's goes between). */
  parts: Uint8Array[];
  /** Bytes of all `parts`. */
  size: number;
}

interface CacheRequest {
  method: string;
  headers: Headers;
  nextUrl: { pathname: string; search: string; protocol: string };
}

/** Marks the cache's own render request; random per process, so outsiders cannot skip the cache. */
const RENDER_HEADER = "x-scs-page-render";
const renderToken = newNonce();
/**
 * Request headers that change the page: through the front door a page carries the gateway's SSI
 * include instead of the suite header (FRONT_DOOR_HEADER of @scs/ui/suite-header, set by
 * tools/suite/src/gateway.mjs). Part of the key, or a page rendered for the door would be served on
 * the system's own port (an include nobody resolves), and the other way round.
 */
const VARY = ["x-suite-front-door"];
/** Headers of the rendered answer that are per answer, not per page. */
const PER_ANSWER = new Set([
  "content-security-policy",
  "content-length",
  "content-encoding",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "date",
  "set-cookie",
]);

/**
 * The state of a SQLite database as seen by the process holding `connection`: rows changed through
 * that connection (`total_changes()`, including triggers) and commits by any other connection or
 * process (`PRAGMA data_version`). Both only grow; either changing means the data may differ.
 */
export function sqliteVersion(connection: {
  prepare(sql: string): { pluck(): { get(): unknown } };
  pragma(sql: string, options: { simple: true }): unknown;
}): () => string {
  const changes = connection.prepare("select total_changes()").pluck();
  return () => `${connection.pragma("data_version", { simple: true })}:${changes.get()}`;
}

export class PageCache {
  private readonly entries = new Map<string, CachedPage>();
  private readonly rendering = new Map<string, Promise<CachedPage | null>>();
  private readonly maxAgeMs: number;
  private readonly maxEntries: number;

  constructor(
    private readonly options: PageCacheOptions,
    /** Renders a page through the server itself (injectable for unit tests). */
    private readonly render: (
      request: CacheRequest,
      headers: Headers,
    ) => Promise<Response> = renderThroughServer,
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 10_000;
    this.maxEntries = options.maxEntries ?? 200;
  }

  /** Whether this request may be answered with the page every anonymous visitor gets. */
  cacheable(request: CacheRequest): boolean {
    const { headers } = request;
    if (request.method !== "GET") return false;
    if (headers.get(RENDER_HEADER) === renderToken) return false;
    if (headers.has("cookie") || headers.has("authorization")) return false;
    if (headers.has("rsc") || headers.has("next-router-state-tree") || headers.has("next-router-prefetch"))
      return false;
    if (request.nextUrl.search.includes("_rsc=")) return false;
    return this.options.pages.some((page) => page.test(request.nextUrl.pathname));
  }

  /** `edge()` with the cache in front of it. */
  async handle(request: CacheRequest, edgeOptions: EdgeOptions): Promise<Response> {
    if (!this.cacheable(request)) return edge(request, edgeOptions);
    const varies = VARY.map((name) => request.headers.get(name) ?? "").join(" ");
    const key = `${request.headers.get("host") ?? ""} ${varies} ${request.nextUrl.pathname}${request.nextUrl.search}`;
    // Read before rendering: a change committed during the render makes the next request render again.
    const version = this.options.version();
    const page = this.entries.get(key);
    if (page && page.version === version) {
      // Least recently used goes first: a Map keeps insertion order.
      this.entries.delete(key);
      this.entries.set(key, page);
      if (Date.now() - page.renderedAt <= this.maxAgeMs) return answer(page, edgeOptions, request, "hit");
      // Only its relative times are old: this answer gets it as it is, the next ones the new render.
      if (!this.rendering.has(`${version} ${key}`))
        void this.renderShared(key, version, request).then(
          (rendered) => {
            // No longer a page for everyone (gone, moved): nobody gets the old copy again.
            if (rendered instanceof Response) {
              this.entries.delete(key);
              void rendered.body?.cancel();
            }
          },
          () => {},
        );
      return answer(page, edgeOptions, request, "stale");
    }
    const flight = `${version} ${key}`;
    const shared = this.rendering.get(flight);
    if (shared) {
      const rendered = await shared;
      return rendered ? answer(rendered, edgeOptions, request, "hit") : edge(request, edgeOptions);
    }
    const rendered = await this.renderShared(key, version, request);
    if (rendered === null) return edge(request, edgeOptions);
    // Not a shared page (a 404, a redirect): this answer as rendered, with its own nonce.
    if (rendered instanceof Response) return rendered;
    return answer(rendered, edgeOptions, request, "miss");
  }

  /**
   * Renders the page of `key` at `version` as the one flight other requests of that page wait for,
   * and keeps it: the entry, the answer itself when it is not one to keep, null when no render.
   */
  private async renderShared(
    key: string,
    version: string,
    request: CacheRequest,
  ): Promise<CachedPage | Response | null> {
    const flight = `${version} ${key}`;
    const rendering = this.renderPage(version, request);
    this.rendering.set(
      flight,
      rendering.then((r) => (r && !(r instanceof Response) ? r : null)),
    );
    try {
      const rendered = await rendering;
      if (rendered && !(rendered instanceof Response)) {
        this.entries.delete(key);
        this.entries.set(key, rendered);
        while (this.entries.size > this.maxEntries)
          this.entries.delete(this.entries.keys().next().value as string);
      }
      return rendered;
    } finally {
      this.rendering.delete(flight);
    }
  }

  /** The page as a cache entry; the answer itself when it is not one to keep; null when no render. */
  private async renderPage(version: string, request: CacheRequest): Promise<CachedPage | Response | null> {
    const headers = new Headers(request.headers);
    headers.set(RENDER_HEADER, renderToken);
    headers.set("accept-encoding", "identity");
    let response: Response;
    try {
      response = await this.render(request, headers);
    } catch {
      return null;
    }
    const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
    const type = response.headers.get("content-type") ?? "";
    // Only successful HTML pages the same for everyone are kept (a 404 or a redirect is per request).
    if (
      response.status !== 200 ||
      !nonce ||
      !type.startsWith("text/html") ||
      response.headers.has("set-cookie")
    ) {
      const headers = new Headers(response.headers);
      for (const name of ["content-length", "transfer-encoding", "connection", "keep-alive"])
        headers.delete(name);
      return new Response(response.body, { status: response.status, headers });
    }
    const parts = (await response.text()).split(nonce).map((part) => utf8.encode(part));
    return {
      version,
      renderedAt: Date.now(),
      status: response.status,
      headers: [...response.headers].filter(([name]) => !PER_ANSWER.has(name)),
      parts,
      size: parts.reduce((n, part) => n + part.length, 0),
    };
  }
}

const utf8 = new TextEncoder();

/** The page with a fresh nonce: its parts copied once into one body, the nonce between them. */
function answer(page: CachedPage, edgeOptions: EdgeOptions, request: CacheRequest, state: string): Response {
  const nonce = newNonce();
  const nonceBytes = utf8.encode(nonce);
  const body = new Uint8Array(page.size + nonceBytes.length * (page.parts.length - 1));
  let at = 0;
  page.parts.forEach((part, i) => {
    if (i > 0) {
      body.set(nonceBytes, at);
      at += nonceBytes.length;
    }
    body.set(part, at);
    at += part.length;
  });
  const headers = new Headers(page.headers);
  setSecurityHeaders(
    headers,
    pageCsp(nonce, edgeOptions),
    edgeOptions.publicUrl.startsWith("https:") || request.nextUrl.protocol === "https:",
  );
  headers.set("x-page-cache", state);
  return new Response(body, { status: page.status, headers });
}

/** The page, rendered by this server on its own port (the request's headers, marked as the cache's). */
async function renderThroughServer(request: CacheRequest, headers: Headers): Promise<Response> {
  const port = process.env.PORT;
  if (!port) throw new Error("PORT is not set: cannot render through the server");
  return fetch(`http://127.0.0.1:${port}${request.nextUrl.pathname}${request.nextUrl.search}`, {
    headers,
    redirect: "manual",
    signal: AbortSignal.timeout(30_000),
  });
}

/** What a system's src/proxy.ts configures: its edge, its cached public pages and its database. */
export interface SystemProxyOptions extends Omit<EdgeOptions, "development"> {
  /** The public pages kept in the cache (see `PageCacheOptions.pages`). */
  pages: readonly RegExp[];
  /** The system's SQLite connection, whose commits name the pages' version (`sqliteVersion`). */
  database: () => Parameters<typeof sqliteVersion>[0];
}

/**
 * A system's proxy: the page cache in front of the edge, its version read from the system's own
 * database (opened on the first cacheable request, not when the proxy module loads).
 */
export function systemProxy({ pages, database, ...edgeOptions }: SystemProxyOptions) {
  let version: (() => string) | undefined;
  const cache = new PageCache({
    pages,
    version: () => {
      version ??= sqliteVersion(database());
      return version();
    },
  });
  const options = { ...edgeOptions, development: process.env.NODE_ENV === "development" };
  return (request: CacheRequest) => cache.handle(request, options);
}
