// The front door: a private nginx on one origin (default http://localhost:3000) in front of the
// three systems (docs/decisions/0020-front-door.md). It routes by path prefix (/catalog/, /music/,
// /store/), serves anonymous pages and images stale from its cache while a system is down, answers
// a designed 503 page for what it never cached, and includes store's suite header fragment into
// every page (SSI). The same generator writes docker/gateway/nginx.conf for the official image.
//
// Where each system is reached lives in ONE file, <gateway dir>/upstreams.conf: each system has
// two addresses, its home port and its away port, and two upstream blocks that try them in
// opposite order. A zero-downtime restart moves a system between them by creating or removing a
// switch file that nginx checks on every request (route()): no reload, so no kept-alive
// connection of a visitor is closed under its feet (decision 0021).
// Plain Node ESM, Node built-ins only: this runs before node_modules exists.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SYSTEMS } from "../../../shared/contracts/src/names.mjs";
import { aptInstall, isDebianLike, isRoot } from "./apt.mjs";
import { isPortInUse } from "./ports.mjs";
import { SetupError } from "./process.mjs";

/** The process environment (variables of the operator, not inputs of any turbo task). */
const ENV = process.env;

export const NGINX = ENV.NGINX_BINARY || "/usr/sbin/nginx";
export const DEFAULT_GATEWAY_PORT = 3000;
/** The path prefix of each system on the front door. */
export const PREFIXES = Object.freeze({ catalog: "/catalog", music: "/music", store: "/store" });
/** Cookies that make a request personal (store's session and visitor cart): never cached. */
export const PERSONAL_COOKIE_PATTERN = "scs_[a-z_]+";
/** How long the gateway treats a copy as fresh; after that it revalidates in the background. */
export const FRESH_SECONDS = 2;
/** How long an unused copy stays available for serving stale. */
export const KEEP_STALE = "7d";
/** Request header the gateway sets on every request it proxies (systems render the SSI header then). */
export const FRONT_DOOR_HEADER = "x-suite-front-door";
/** store's header fragment (its own route) that the pages include through the gateway. */
export const HEADER_FRAGMENT_PATH = "/fragments/suite-header";

const LABELS = { catalog: "Catalog", music: "Music", store: "Store" };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// installation

export const isNginxInstalled = () => existsSync(NGINX);

/**
 * Makes sure nginx exists, installing Debian's `nginx` package with apt as root (like
 * rabbitmq-server). Only the binary is used: the suite runs its own process with its own prefix,
 * never the system service.
 */
export function ensureNginxInstalled({ log = console.log } = {}) {
  if (isNginxInstalled()) return;
  log("nginx is not installed.");
  if (aptInstall(["nginx"], { log, reason: "the suite's front door runs a private nginx from it" })) {
    if (isNginxInstalled()) {
      log("nginx installed.");
      return;
    }
  }
  throw new SetupError(
    `The front door needs nginx but ${NGINX} is missing${
      isRoot() && isDebianLike() ? " and apt-get could not install it" : ""
    }.\nOptions:\n  - install it: \`sudo apt-get install -y nginx\` (Debian/Ubuntu), then run this again\n` +
      "    (the suite starts its own private nginx under the data directory, never the system service);\n" +
      "  - or set NGINX_BINARY to an nginx executable;\n" +
      "  - or run the whole suite in Docker: `docker compose up` (see docker-compose.yml).",
  );
}

// ---------------------------------------------------------------------------------------------
// configuration

/** `host:port` from a URL or a `host:port` string. */
function hostPort(address) {
  if (/^https?:\/\//.test(address)) {
    const url = new URL(address);
    return `${url.hostname}:${url.port || (url.protocol === "https:" ? 443 : 80)}`;
  }
  if (!/^[A-Za-z0-9.[\]:-]+:\d+$/.test(address)) throw new Error(`not a host:port: ${address}`);
  return address;
}

/** The name of a system's upstream block that tries its away address first. */
export const awayUpstream = (sys) => `${sys}_away`;

/**
 * A system's addresses: `[home]` or `[home, away]` (`host:port` or URL each). Where the suite can
 * restart a system with zero downtime (npm start, the e2e suite), it has both: the port it starts on
 * and the second one a restart moves it to (and the next one back).
 */
function addressesOf(upstreams, sys) {
  const addresses = [].concat(upstreams[sys] ?? []).map(hostPort);
  if (addresses.length < 1 || addresses.length > 2) {
    throw new Error(`upstreamsConfig: ${sys} needs its home address and at most one away address`);
  }
  return addresses;
}

/**
 * upstreams.conf: for each system, the block `<sys>` (home address first) and, when it has an away
 * address, `<sys>_away` (away first). The other address is the block's `backup`: nginx passes a
 * request there only on an error (gatewayConfig's proxy_next_upstream: never on a timeout), a POST
 * only when the first refused the connection, i.e. when nothing was sent yet. So a request that
 * chose the old process just before a switch, and finds it gone, reaches the new one, while one
 * the live process is slow to answer never reaches the old one. max_fails=0: the gateway never
 * marks an address down by itself (a restart switches; a stopped system is served stale).
 */
export function upstreamsConfig(upstreams) {
  const lines = [
    "# Where the front door reaches each system. Generated by tools/suite/src/gateway.mjs; a restart",
    "# switches between a system's two blocks (its switch file), never rewriting this one.",
  ];
  const block = (name, [first, second]) => {
    lines.push(`upstream ${name} {`, `    server ${first} max_fails=0;`);
    if (second) lines.push(`    server ${second} max_fails=0 backup;`);
    lines.push("}");
  };
  for (const sys of SYSTEMS) {
    const [home, away] = addressesOf(upstreams, sys);
    block(sys, [home, away]);
    if (away) block(awayUpstream(sys), [away, home]);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The whole nginx.conf. `paths`: absolute locations of the pid file, logs, temp and cache
 * directories, the static pages (html) and upstreams.conf. `listen`: what nginx listens on.
 * `user`: the workers' user (only meaningful when nginx starts as root). `realIpFrom`: addresses
 * or ranges of a proxy in front of the gateway (an Ingress controller) whose X-Forwarded-For names
 * the visitor; none when the gateway is the edge (`npm start`, docker compose).
 * @param {{ listen: string; paths: ReturnType<typeof gatewayPaths>; user?: string; realIpFrom?: readonly string[] }} options
 */
export function gatewayConfig({ listen, paths, user, realIpFrom = [] }) {
  const p = paths;
  const personal = PERSONAL_COOKIE_PATTERN;
  const upstreamOf = (sys) => `$scs_upstream_${sys}`;
  // Which of a system's two blocks serves it: its switch file, looked at on every request (a stat;
  // no reload). Without a switch directory (docker, Kubernetes: one address each), always home.
  const routing = SYSTEMS.map((sys) =>
    [
      `        set ${upstreamOf(sys)} ${sys};`,
      ...(p.switches
        ? [`        if (-f ${p.switches}/${sys}) { set ${upstreamOf(sys)} ${awayUpstream(sys)}; }`]
        : []),
    ].join("\n"),
  ).join("\n");
  const systemLocation = (sys) => {
    const prefix = PREFIXES[sys];
    return `
        # ${sys}: the prefix is stripped, the system serves its pages at / as on its own port.
        location ${prefix}/ {
            rewrite (?s)^${prefix}(/.*)$ $1 break;
            proxy_pass http://${upstreamOf(sys)};
            include ${p.proxyParams};
            include ${p.rewrites};
            # The system's own root-relative redirects (Location: /cart) stay under its prefix.
            proxy_redirect ~^/(.*)$ ${prefix}/$1;
            proxy_cache scs_pages;
            proxy_cache_bypass $scs_personal;
            proxy_no_cache $scs_personal;
            ssi on;
            error_page 502 504 =503 /_gateway/unavailable/${sys}.html;
        }
        location = ${prefix} { return 308 ${prefix}/; }
        # Its JSON API: no stale copies (an API client must see the outage), a JSON 503.
        location ${prefix}/api/ {
            rewrite (?s)^${prefix}(/.*)$ $1 break;
            proxy_pass http://${upstreamOf(sys)};
            include ${p.proxyParams};
            error_page 502 504 =503 /_gateway/unavailable/${sys}.json;
        }`;
  };
  return `# The suite's front door. Generated by tools/suite/src/gateway.mjs (npm start, the e2e suite, and
# docker/gateway/nginx.conf for docker compose): change the generator, not a copy.
${user ? `# Workers run as the user who started the suite: they read and write its data directory.\nuser ${user};\n` : ""}worker_processes 1;
pid ${p.pid};
error_log ${p.errorLog} warn;

events {
    worker_connections 1024;
}

http {
    default_type application/octet-stream;
    types {
        text/html html;
        application/json json;
    }
    log_format scs '$remote_addr [$time_iso8601] "$request" $status $body_bytes_sent '
                   'cache=$upstream_cache_status upstream=$upstream_addr time=$request_time';
    access_log ${p.accessLog} scs;
    server_tokens off;
    client_body_temp_path ${p.temp}/client_body;
    proxy_temp_path ${p.temp}/proxy;
    fastcgi_temp_path ${p.temp}/fastcgi;
    uwsgi_temp_path ${p.temp}/uwsgi;
    scgi_temp_path ${p.temp}/scgi;
    # catalog's CSV import posts up to 2 MB through a server action.
    client_max_body_size 4m;
    gzip on;
    gzip_types text/css application/javascript application/json image/svg+xml text/x-component;

    proxy_cache_path ${p.cache} levels=1:2 keys_zone=scs_pages:10m max_size=512m inactive=${KEEP_STALE} use_temp_path=off;

    include ${p.upstreams};

    # Personal: store's session or visitor-cart cookie, or an Authorization header. Such requests
    # bypass the cache both ways (never stored, never answered from a copy).
    map $http_cookie $scs_personal_cookie {
        default 0;
        "~(^|;)\\s*${personal}=[^;\\s]" 1;
    }
    map "$scs_personal_cookie:$http_authorization" $scs_personal {
        "0:" 0;
        default 1;
    }
    # The scheme the visitor used: a proxy in front that terminates TLS says so (X-Forwarded-Proto);
    # at the edge, nginx's own.
${
  realIpFrom.length > 0
    ? `    map $http_x_forwarded_proto $scs_scheme {
        default $scheme;
        https https;
    }`
    : `    map $scheme $scs_scheme {
        default $scheme;
    }`
}
    # A copy served because the system did not answer (or while it is being refreshed).
    map $upstream_cache_status $scs_stale_warning {
        STALE '110 - "Response is Stale"';
        UPDATING '110 - "Response is Stale"';
        default "";
    }
    # Unprefixed paths a page asked for (its own links, images and forms are written for its own
    # port): sent to the system whose page the request came from.
    map $http_referer $scs_referring_prefix {
        default "";
        "~^https?://[^/]+/(catalog|music|store)(/|$)" /$1;
    }

    server {
        listen ${listen};
        server_name _;
${routing}
${
  realIpFrom.length > 0
    ? `
        # Behind a proxy of the cluster: the visitor is the rightmost address it did not add.
${realIpFrom.map((a) => `        set_real_ip_from ${a};`).join("\n")}
        real_ip_header X-Forwarded-For;
        real_ip_recursive on;
`
    : ""
}
        proxy_http_version 1.1;
        proxy_connect_timeout 2s;
        proxy_read_timeout 60s;
        # Only a connection the system refused (or reset) goes on to its other address, never one
        # that timed out: that request was sent, and the other address is, after a switch, the old
        # process draining. Under load every header include that outlasted its 3 s went there too,
        # and the old process never got quiet (decision 0021). A timeout is the system's answer.
        proxy_next_upstream error;

        # Anonymous copies: fresh for ${FRESH_SECONDS} s, then refreshed in the background while the copy
        # is served; when the system does not answer, the copy is served as long as it is kept.
        proxy_cache_valid 200 ${FRESH_SECONDS}s;
        proxy_cache_use_stale error timeout updating http_500 http_502 http_503 http_504;
        proxy_cache_background_update on;
        proxy_cache_lock on;
        proxy_cache_lock_timeout 5s;
        # Next.js marks dynamic pages no-store for browsers; the gateway's own rules above decide.
        # Set-Cookie is NOT ignored: a response that sets a cookie is never stored.
        proxy_ignore_headers Cache-Control Expires;
        # The path names the system (its prefix); not $proxy_host, which a restart's switch changes.
        proxy_cache_key $scheme$request_uri$http_rsc$http_next_router_state_tree$http_next_router_prefetch;

        add_header X-Cache-Status $upstream_cache_status always;
        add_header Warning $scs_stale_warning always;

        location = / {
            return 302 /store/;
        }
${SYSTEMS.map(systemLocation).join("\n")}

        # Next.js's build assets are content-hashed and immutable: whichever system has the file
        # serves it (catalog, then music, then store).
        location /_next/static/ {
            proxy_pass http://${upstreamOf("catalog")};
            include ${p.proxyParams};
            proxy_intercept_errors on;
            recursive_error_pages on;
            error_page 404 502 504 = @static_music;
        }
        location @static_music {
            proxy_pass http://${upstreamOf("music")};
            include ${p.proxyParams};
            proxy_intercept_errors on;
            recursive_error_pages on;
            error_page 404 502 504 = @static_store;
        }
        location @static_store {
            proxy_pass http://${upstreamOf("store")};
            include ${p.proxyParams};
        }

        # store's suite header fragment, included by SSI into every page. When store does not
        # answer, a static header with working links stands in.
        location = /_gateway/suite-header {
            internal;
            proxy_pass http://${upstreamOf("store")}${HEADER_FRAGMENT_PATH}$is_args$args;
            include ${p.proxyParams};
            proxy_connect_timeout 1s;
            proxy_read_timeout 3s;
            proxy_intercept_errors on;
            error_page 400 404 500 502 503 504 = /_gateway/suite-header-fallback.html;
        }
        location /_gateway/ {
            internal;
            root ${p.html};
            add_header Cache-Control "no-store" always;
            add_header Retry-After "10" always;
        }

        # Anything else: a page's own unprefixed path (see $scs_referring_prefix), else the door's 404.
        location / {
            if ($scs_referring_prefix) {
                return 307 $scs_referring_prefix$request_uri;
            }
            return 404;
        }
        error_page 404 /_gateway/not-found.html;
    }
}
`;
}

/**
 * rewrites.conf: the systems write links to each other with their public URLs (CATALOG_URL, …, the
 * direct ports); through the front door those become its own paths, so that a visitor stays on
 * one origin: in pages (also URL-encoded, as in `returnTo=`) and in redirects.
 */
export function publicUrlRewrites(publicUrls) {
  const lines = [
    "# Included by the systems' page locations (tools/suite/src/gateway.mjs): public URLs → front door.",
    "sub_filter_once off;",
    "sub_filter_types text/x-component;",
  ];
  for (const sys of SYSTEMS) {
    const url = publicUrls?.[sys]?.replace(/\/+$/, "");
    if (!url) throw new Error(`publicUrlRewrites: no public URL for ${sys}`);
    const prefix = PREFIXES[sys];
    // Absolute, as written: a link's target may be read by another system (returnTo).
    lines.push(`sub_filter '${url}' '$scs_scheme://$http_host${prefix}';`);
    lines.push(
      `sub_filter '${encodeURIComponent(url)}' '$scs_scheme%3A%2F%2F$http_host${encodeURIComponent(prefix)}';`,
    );
    lines.push(`proxy_redirect ${url}/ ${prefix}/;`);
  }
  return `${lines.join("\n")}\n`;
}

/** proxy_params: what every proxied request carries. */
export function proxyParams() {
  return `# Included by every proxied location of the front door (tools/suite/src/gateway.mjs).
proxy_set_header Host $http_host;
# The visitor's address, never what the visitor claims: the door is the edge (or, behind a load
# balancer it trusts, $remote_addr is already the visitor's: set_real_ip_from in nginx.conf). store
# believes these from the gateway only (its TRUSTED_PROXY_ADDRESSES) for its sign-in limits.
proxy_set_header X-Forwarded-For $remote_addr;
proxy_set_header X-Real-IP $remote_addr;
proxy_set_header X-Forwarded-Proto $scs_scheme;
proxy_set_header X-Forwarded-Host $http_host;
proxy_set_header ${FRONT_DOOR_HEADER} "1";
# SSI works on plain text: the systems answer uncompressed, the gateway compresses.
proxy_set_header Accept-Encoding "";
proxy_set_header Connection "";
# The original path of the page that includes the header (subrequests keep the main request's).
proxy_set_header X-Suite-Page $request_uri;
`;
}

const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f6f6f4;color:#1d1d1b}
main{max-width:40rem;margin:4rem auto;padding:0 1.5rem}
h1{font-size:1.75rem}a{color:#1c46c4}li{margin:.4rem 0}
</style></head>
<body><main>
${body}
</main></body></html>
`;
}

const systemLinks = (except) =>
  SYSTEMS.filter((s) => s !== except)
    .map((s) => `<li><a href="${PREFIXES[s]}/">${LABELS[s]}</a></li>`)
    .join("\n");

/** The designed 503 page of a system that does not answer and was never cached. */
export function unavailablePage(sys) {
  return page(
    `${LABELS[sys]} is unavailable`,
    `<h1>${LABELS[sys]} is unavailable right now</h1>
<p>The ${sys} system does not answer, and the front door has no copy of this page. Try again in a
moment.</p>
<p>The rest of the suite works:</p>
<ul>
${systemLinks(sys)}
</ul>`,
  );
}

/** The front door's own 404: a path that belongs to no system. */
export function notFoundPage() {
  return page(
    "Not found",
    `<h1>No page here</h1>
<p>This address belongs to none of the suite's systems.</p>
<ul>
${systemLinks()}
</ul>`,
  );
}

/**
 * The suite header when store does not answer: links only (who is signed in and the cart count
 * are store's to say). Same markup and classes as @scs/ui's SuiteHeader.
 */
export function fallbackHeader() {
  const links = SYSTEMS.map(
    (s) =>
      `<a href="${PREFIXES[s]}/" class="rounded-md px-3 py-1 text-ink-300 hover:bg-white/10 hover:text-white">${LABELS[s]}</a>`,
  ).join("");
  return `<div class="border-b border-ink-200 bg-ink-900 text-ink-100 text-sm" data-suite-header="fallback"><div class="mx-auto flex max-w-6xl flex-wrap items-center gap-x-1 gap-y-2 px-4 py-2"><span class="mr-3 font-display text-base text-white">Suite&nbsp;Shop</span><nav aria-label="Suite" class="flex gap-1">${links}</nav><div class="ml-auto flex flex-wrap items-center gap-3"><a class="hover:text-white" href="/store/signin">Sign in</a><a class="rounded-md bg-white/10 px-3 py-1 hover:bg-white/20" href="/store/cart">Cart</a></div></div></div>\n`;
}

/** Writes the static pages under `htmlDir/_gateway/`. */
export function writeStaticPages(htmlDir) {
  const dir = path.join(htmlDir, "_gateway");
  mkdirSync(path.join(dir, "unavailable"), { recursive: true });
  for (const sys of SYSTEMS) {
    writeFileSync(path.join(dir, "unavailable", `${sys}.html`), unavailablePage(sys));
    writeFileSync(
      path.join(dir, "unavailable", `${sys}.json`),
      // Spaced as the repository's formatter writes JSON (docker/gateway holds a copy).
      `{ "error": ${JSON.stringify(`${sys} is unavailable; the rest of the suite works`)}, "issues": [] }\n`,
    );
  }
  writeFileSync(path.join(dir, "not-found.html"), notFoundPage());
  writeFileSync(path.join(dir, "suite-header-fallback.html"), fallbackHeader());
}

// ---------------------------------------------------------------------------------------------
// process

/** The gateway's files under a data directory. */
export function gatewayPaths(dataDir) {
  const dir = path.join(path.resolve(dataDir), "gateway");
  const logs = path.join(path.resolve(dataDir), "logs");
  return {
    dir,
    conf: path.join(dir, "nginx.conf"),
    upstreams: path.join(dir, "upstreams.conf"),
    switches: path.join(dir, "switch"),
    proxyParams: path.join(dir, "proxy_params.conf"),
    rewrites: path.join(dir, "rewrites.conf"),
    pid: path.join(dir, "nginx.pid"),
    temp: path.join(dir, "temp"),
    cache: path.join(dir, "cache"),
    html: path.join(dir, "html"),
    errorLog: path.join(logs, "gateway-error.log"),
    accessLog: path.join(logs, "gateway-access.log"),
  };
}

/** `nginx -t` or `-s reload`: synchronous, so bounded (a hang here would stop the whole process). */
function nginx(args, paths) {
  const result = spawnSync(NGINX, ["-p", paths.dir, "-c", paths.conf, "-e", paths.errorLog, ...args], {
    encoding: "utf8",
    timeout: 30_000,
    killSignal: "SIGKILL",
  });
  if (result.error)
    return { ...result, status: -1, stderr: `nginx ${args.join(" ")}: ${result.error.message}` };
  return result;
}

/**
 * Sends the front door's requests for `sys` to `port`, one of its two addresses (upstreams), from
 * the next request on: creates or removes its switch file. Requests in flight are not touched and
 * no connection is closed (there is no reload). Throws for a port that is neither of the two.
 */
export function route(paths, upstreams, sys, port) {
  const [home, away] = addressesOf(upstreams, sys);
  const file = path.join(paths.switches, sys);
  const portOf = (address) => Number(address.slice(address.lastIndexOf(":") + 1));
  if (portOf(home) === port) rmSync(file, { force: true });
  else if (away && portOf(away) === port) writeFileSync(file, `${away}\n`);
  else
    throw new SetupError(
      `The front door reaches ${sys} on ${[home, away].filter(Boolean).join(" or ")}, not on ${port}`,
    );
}

/** `nginx -t` then `nginx -s reload`; throws with nginx's message when the config is refused. */
export function reloadGateway(dataDir) {
  const paths = gatewayPaths(dataDir);
  const test = nginx(["-t", "-q"], paths);
  if (test.status !== 0) throw new SetupError(`The gateway's configuration is invalid:\n${test.stderr}`);
  const reload = nginx(["-s", "reload"], paths);
  if (reload.status !== 0) throw new SetupError(`nginx -s reload failed:\n${reload.stderr}`);
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops an nginx a killed earlier run left behind (its pid file under this data directory). */
function stopLeftoverGateway(paths, log) {
  let pid;
  try {
    pid = Number.parseInt(readFileSync(paths.pid, "utf8"), 10);
  } catch {
    return;
  }
  let cmdline = "";
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    /* gone */
  }
  if (pid && cmdline.includes("nginx") && cmdline.includes(paths.conf)) {
    log(`Stopping the gateway left over from an earlier run (pid ${pid}) …`);
    try {
      process.kill(pid, "SIGQUIT");
    } catch {
      /* gone */
    }
  }
  rmSync(paths.pid, { force: true });
}

async function waitForPort(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      const res = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      return true;
    } catch {
      await sleep(100);
    }
  }
  return false;
}

/**
 * Starts the front door: writes nginx.conf, proxy_params.conf, upstreams.conf and the static pages
 * under <dataDir>/gateway, runs `nginx -g 'daemon off;'` as a child, waits until it answers.
 * `upstreams`: { catalog, music, store } → host:port or URL, or [home, away] for a system that a
 * restart may move (route()). `publicUrls`: the systems' public URLs (their CATALOG_URL, …),
 * rewritten to the front door's paths. `host` "127.0.0.1" by default. `realIpFrom`: proxies in
 * front whose X-Forwarded-For names the visitor (none: the door is the edge).
 * Returns { url, port, paths, pid, reload(), ports(sys), route(sys, port), stop() }.
 * @param {object} options
 * @param {string} options.dataDir
 * @param {number} [options.port]
 * @param {string} [options.host]
 * @param {import("./env.mjs").PerSystem<string | string[]>} options.upstreams
 * @param {import("./env.mjs").PerSystem<string>} options.publicUrls
 * @param {readonly string[]} [options.realIpFrom]
 * @param {(line: string) => void} [options.log]
 */
export async function startGateway({
  dataDir,
  port = DEFAULT_GATEWAY_PORT,
  host = "127.0.0.1",
  upstreams,
  publicUrls,
  realIpFrom = [],
  log = console.log,
}) {
  ensureNginxInstalled({ log });
  const paths = gatewayPaths(dataDir);
  stopLeftoverGateway(paths, log);
  if (await isPortInUse(port, host)) {
    throw new SetupError(
      `Cannot start the front door: port ${port} is already in use (another \`npm start\`? SCS_GATEWAY_PORT picks another).`,
    );
  }
  for (const dir of [paths.dir, paths.temp, paths.cache, paths.html, path.dirname(paths.errorLog)]) {
    mkdirSync(dir, { recursive: true });
  }
  // Every system starts at home.
  rmSync(paths.switches, { recursive: true, force: true });
  mkdirSync(paths.switches);
  writeFileSync(paths.upstreams, upstreamsConfig(upstreams));
  writeFileSync(paths.proxyParams, proxyParams());
  writeFileSync(paths.rewrites, publicUrlRewrites(publicUrls));
  writeStaticPages(paths.html);
  // As root, nginx would switch its workers to `nobody`, who cannot enter the data directory.
  const user = isRoot() ? "root" : undefined;
  writeFileSync(paths.conf, gatewayConfig({ listen: `${host}:${port}`, paths, user, realIpFrom }));
  const test = nginx(["-t", "-q"], paths);
  if (test.status !== 0) throw new SetupError(`The gateway's configuration is invalid:\n${test.stderr}`);

  const child = spawn(NGINX, ["-p", paths.dir, "-c", paths.conf, "-e", paths.errorLog, "-g", "daemon off;"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const url = `http://localhost:${port}`;
  if (!(await waitForPort(`http://${host}:${port}/`, child, 10_000))) {
    if (child.exitCode === null) child.kill("SIGKILL");
    throw new SetupError(`The gateway (nginx) did not start on port ${port}:\n${stderr}`);
  }
  const exitHandler = () => {
    if (child.exitCode === null) child.kill("SIGTERM");
  };
  process.on("exit", exitHandler);

  const stop = async () => {
    process.removeListener("exit", exitHandler);
    if (child.exitCode !== null || !pidAlive(child.pid)) return;
    // SIGQUIT: graceful (requests in flight finish); SIGTERM after 5 s.
    child.kill("SIGQUIT");
    const deadline = Date.now() + 5000;
    while (child.exitCode === null && Date.now() < deadline) await sleep(50);
    if (child.exitCode === null) child.kill("SIGTERM");
    rmSync(paths.pid, { force: true });
  };
  return {
    url,
    port,
    paths,
    pid: child.pid,
    reload: () => reloadGateway(dataDir),
    /** A system's [home, away] ports (away undefined when it has one address). */
    ports: (sys) => addressesOf(upstreams, sys).map((a) => Number(a.slice(a.lastIndexOf(":") + 1))),
    route: (sys, port) => route(paths, upstreams, sys, port),
    stop,
  };
}

// ---------------------------------------------------------------------------------------------
// docker

/** Where the official nginx image keeps the configuration's files (docker and Kubernetes alike). */
const CONTAINER_PATHS = Object.freeze({
  pid: "/tmp/nginx.pid",
  errorLog: "/dev/stderr",
  accessLog: "/dev/stdout",
  temp: "/var/cache/nginx",
  cache: "/var/cache/nginx/scs",
  html: "/etc/nginx/scs/html",
  upstreams: "/etc/nginx/scs/upstreams.conf",
  proxyParams: "/etc/nginx/scs/proxy_params.conf",
  rewrites: "/etc/nginx/scs/rewrites.conf",
});
/** The systems by service name, on their home ports (compose services and Kubernetes Services). */
const CONTAINER_UPSTREAMS = Object.freeze({
  catalog: "catalog:3001",
  music: "music:3002",
  store: "store:3003",
});

/** docker/gateway: the same configuration for the official nginx image (services by name). */
export function dockerGatewayFiles() {
  const publicUrls = {
    catalog: "http://localhost:3001",
    music: "http://localhost:3002",
    store: "http://localhost:3003",
  };
  return {
    "nginx.conf": gatewayConfig({ listen: "3000", paths: CONTAINER_PATHS }),
    "upstreams.conf": upstreamsConfig(CONTAINER_UPSTREAMS),
    "proxy_params.conf": proxyParams(),
    "rewrites.conf": publicUrlRewrites(publicUrls),
  };
}

/**
 * Kubernetes (deploy/k8s/base/gateway): the same configuration for the official image in a
 * Deployment behind the cluster's Ingress, which only forwards everything to it. Upstreams are
 * the systems' Services; `publicUrls` the overlay's ConfigMap `suite`. The Ingress controller's
 * pods are trusted for the visitor's address and scheme (`realIpFrom`, the private ranges a pod
 * network uses). Static pages flat (ConfigMap keys have no directories; the Deployment maps them).
 */
export const K8S_REAL_IP_FROM = Object.freeze(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"]);

export function k8sGatewayFiles(publicUrls) {
  const files = {
    "nginx.conf": gatewayConfig({
      listen: "3000",
      paths: CONTAINER_PATHS,
      realIpFrom: [...K8S_REAL_IP_FROM],
    }),
    "upstreams.conf": upstreamsConfig(CONTAINER_UPSTREAMS),
    "proxy_params.conf": proxyParams(),
    "rewrites.conf": publicUrlRewrites(publicUrls),
  };
  const html = mkdtempSync(path.join(tmpdir(), "scs-gateway-"));
  try {
    writeStaticPages(html);
    for (const file of K8S_STATIC_PAGES) {
      files[file.replaceAll("/", "-")] = readFileSync(path.join(html, "_gateway", file), "utf8");
    }
  } finally {
    rmSync(html, { recursive: true, force: true });
  }
  return files;
}

/** The static pages under html/_gateway/ (their ConfigMap keys: "/" → "-"). */
export const K8S_STATIC_PAGES = Object.freeze([
  "not-found.html",
  "suite-header-fallback.html",
  ...SYSTEMS.flatMap((s) => [`unavailable/${s}.html`, `unavailable/${s}.json`]),
]);

/** Writes docker/gateway (what docker-compose.yml mounts into the official image). */
export function writeDockerGateway(dir) {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(dockerGatewayFiles())) writeFileSync(path.join(dir, name), text);
  writeStaticPages(path.join(dir, "html"));
}

/** The public URLs of deploy/k8s's base and of each overlay that sets its own (ConfigMap `suite`). */
export const K8S_PUBLIC_URLS = Object.freeze({
  base: {
    catalog: "https://catalog.example.com",
    music: "https://music.example.com",
    store: "https://store.example.com",
  },
  dev: { catalog: "http://localhost:3001", music: "http://localhost:3002", store: "http://localhost:3003" },
});

/** Writes deploy/k8s/base/gateway and the dev overlay's rewrites (its public URLs differ). */
export function writeK8sGateway(k8sDir) {
  const base = path.join(k8sDir, "base/gateway");
  mkdirSync(base, { recursive: true });
  for (const [name, text] of Object.entries(k8sGatewayFiles(K8S_PUBLIC_URLS.base))) {
    writeFileSync(path.join(base, name), text);
  }
  writeFileSync(
    path.join(k8sDir, "overlays/dev/gateway-rewrites.conf"),
    publicUrlRewrites(K8S_PUBLIC_URLS.dev),
  );
}

// `node tools/suite/src/gateway.mjs docker` / `… k8s`: regenerate docker/gateway or deploy/k8s's
// gateway after changing this file (deploy's offline checks fail while a committed copy differs).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
  if (process.argv[2] === "docker") {
    writeDockerGateway(path.join(root, "docker/gateway"));
    console.log(`wrote ${path.join(root, "docker/gateway")}`);
  } else if (process.argv[2] === "k8s") {
    writeK8sGateway(path.join(root, "deploy/k8s"));
    console.log(`wrote ${path.join(root, "deploy/k8s/base/gateway")} and overlays/dev/gateway-rewrites.conf`);
  } else {
    console.error("usage: node tools/suite/src/gateway.mjs docker|k8s");
    process.exit(2);
  }
}
