// Machine set-up shared by start.mjs and test.mjs: npm dependencies and Chromium.
// Plain Node ESM, Node built-ins only: this runs before node_modules exists.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { lookup } from "node:dns/promises";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { aptInstall, isDebianLike, isRoot } from "./apt.mjs";
import { SetupError } from "./process.mjs";

/** The process environment (variables of the operator, not inputs of any turbo task). */
const ENV = process.env;

const STAMP = ".scs-dependencies.sha256";

/** sha256 over package-lock.json and every package.json of the workspace (what an install depends on). */
export function dependenciesHash(rootDir) {
  const hash = createHash("sha256");
  const files = ["package-lock.json", "package.json"];
  for (const group of ["systems", "shared", "tools"]) {
    const dir = path.join(rootDir, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) files.push(path.join(group, name, "package.json"));
  }
  files.push(path.join("e2e", "package.json"));
  for (const file of files) {
    const full = path.join(rootDir, file);
    if (!existsSync(full)) continue;
    hash.update(`${file}\0`);
    hash.update(readFileSync(full));
  }
  return hash.digest("hex");
}

/**
 * What an install holds. "start": the packages that build and run the suite (`dependencies`, what
 * `npm install --omit=dev` installs: next, better-sqlite3, turbo, tsx, typescript for next build's
 * config check); "all": the test tools as well (`devDependencies`: vitest, Playwright, axe, biome,
 * drizzle-kit, the Kubernetes checks). `npm start` installs "start" on a fresh clone; `npm test`
 * and `npm run bench` install "all", and an install of "all" is never narrowed again.
 * @typedef {"start" | "all"} DependencyScope
 */

/**
 * What node_modules holds: the hash and scope of our last install (a stamp kept in node_modules),
 * "all" for an install we did not make (a plain `npm install`), undefined without node_modules.
 * @param {string} rootDir
 * @returns {{ hash?: string, scope: DependencyScope } | undefined}
 */
function installed(rootDir) {
  const nodeModules = path.join(rootDir, "node_modules");
  if (!existsSync(nodeModules)) return undefined;
  const stamp = path.join(nodeModules, STAMP);
  if (!existsSync(stamp)) return { scope: "all" };
  const [hash, scope] = readFileSync(stamp, "utf8").trim().split(/\s+/);
  // A stamp of one field comes from before scopes: those installs were full ones.
  return { hash, scope: scope === "start" ? "start" : "all" };
}

/**
 * Why dependencies must be installed for `scope`, or undefined when node_modules is up to date:
 * node_modules missing, or the lock file / a package.json changed since our last install (the
 * stamp's hash), or that install was npm start's and `scope` wants the test tools too, or — for
 * an install we did not make — package-lock.json newer than node_modules/.package-lock.json.
 * @param {string} rootDir
 * @param {DependencyScope} [scope]
 */
export function dependenciesOutdated(rootDir, scope = "all") {
  const lock = path.join(rootDir, "package-lock.json");
  const hidden = path.join(rootDir, "node_modules", ".package-lock.json");
  const current = installed(rootDir);
  if (!current) return "node_modules is missing";
  if (current.hash !== undefined) {
    if (current.hash !== dependenciesHash(rootDir))
      return "package-lock.json or a package.json changed since the last install";
    return scope === "all" && current.scope === "start"
      ? "the test tools are missing: npm start installed only what it needs"
      : undefined;
  }
  if (!existsSync(hidden)) return "node_modules/.package-lock.json is missing";
  if (existsSync(lock) && statSync(lock).mtimeMs > statSync(hidden).mtimeMs + 1000) {
    return "package-lock.json changed since the last install";
  }
  return undefined;
}

/**
 * Runs `npm install` when dependenciesOutdated() says so; resolves true when it installed. With
 * scope "start", `--omit=dev` (unless node_modules holds everything already: `--omit=dev` would
 * delete the test tools). Not `npm ci`: the registry mirrors of our build machines hold only the
 * Linux builds of platform packages (biome, turbo), so `npm ci` refuses a lock file made
 * elsewhere; `npm install` installs exactly the locked versions all the same. Asynchronous, so that
 * `npm start` installs RabbitMQ meanwhile; `onChild` gets npm's process (to stop it on Ctrl-C).
 *
 * `compileLater`: install without running install scripts (`--ignore-scripts`) and leave the native
 * addons to ensureNativeAddons(), which the caller runs beside other work. npm start does: compiling
 * better-sqlite3 from source keeps one core busy for about 80 s, and only the seeds and the servers
 * load it, not the builds. Otherwise the addons are ensured before this resolves.
 * @param {string} rootDir
 * @param {{ scope?: DependencyScope, compileLater?: boolean, log?: (line: string) => void, onChild?: (child: import("node:child_process").ChildProcess) => void }} [options]
 */
export async function ensureDependencies(
  rootDir,
  { scope = "all", compileLater = false, log = console.log, onChild } = {},
) {
  if (ENV.SCS_SKIP_INSTALL === "1") return false;
  const why = dependenciesOutdated(rootDir, scope);
  if (why) {
    const installScope = scope === "start" && installed(rootDir)?.scope !== "all" ? "start" : "all";
    const args = [
      ...(installScope === "start" ? ["--omit=dev"] : []),
      ...(compileLater ? ["--ignore-scripts"] : []),
    ];
    const started = Date.now();
    log(`Installing dependencies: npm install${args.map((a) => ` ${a}`).join("")} (${why}) …`);
    const offline = compileLater ? false : await prebuiltsOutOfReach(log);
    const status = await npm(rootDir, ["install", "--no-audit", "--no-fund", ...args], { offline, onChild });
    if (status !== 0) throw new SetupError(`Installing the dependencies failed (npm exit ${status}).`);
    writeFileSync(
      path.join(rootDir, "node_modules", STAMP),
      `${dependenciesHash(rootDir)} ${installScope}\n`,
    );
    log(`Dependencies installed (${((Date.now() - started) / 1000).toFixed(0)}s).`);
  }
  // Also after an install of ours that compiled nothing: a start stopped before its compile ended
  // leaves node_modules up to date but without the addon, and npm installs no package twice.
  if (!compileLater) await ensureNativeAddons(rootDir, { log, onChild });
  return Boolean(why);
}

/** The native addons of `dependencies` (package name, and the file its install script makes). */
export const NATIVE_ADDONS = [{ name: "better-sqlite3", file: "build/Release/better_sqlite3.node" }];

/**
 * The native addons whose binary is missing from node_modules (an install with `--ignore-scripts`
 * made none; an install stopped halfway, not all).
 * @param {string} rootDir
 */
export function missingNativeAddons(rootDir) {
  return NATIVE_ADDONS.filter(({ name, file }) => {
    const dir = path.join(rootDir, "node_modules", name);
    return existsSync(dir) && !existsSync(path.join(dir, file));
  }).map(({ name }) => name);
}

/**
 * Builds the missing native addons (`npm rebuild <name>`: their install scripts, a prebuilt
 * binary when github.com is in reach, else a compile); resolves the names it built.
 * @param {string} rootDir
 * @param {{ log?: (line: string) => void, onChild?: (child: import("node:child_process").ChildProcess) => void }} [options]
 */
export async function ensureNativeAddons(rootDir, { log = console.log, onChild } = {}) {
  if (ENV.SCS_SKIP_INSTALL === "1") return [];
  const missing = missingNativeAddons(rootDir);
  if (missing.length === 0) return [];
  const started = Date.now();
  log(`Building ${missing.join(", ")} (npm rebuild) …`);
  const offline = await prebuiltsOutOfReach(log);
  const status = await npm(rootDir, ["rebuild", ...missing], { offline, onChild });
  if (status !== 0) throw new SetupError(`Building ${missing.join(", ")} failed (npm exit ${status}).`);
  const still = missingNativeAddons(rootDir);
  if (still.length > 0) throw new SetupError(`npm rebuild left ${still.join(", ")} without its binary.`);
  log(`Built ${missing.join(", ")} (${((Date.now() - started) / 1000).toFixed(0)}s).`);
  return missing;
}

/** Whether the prebuilt addons' host is out of reach (then they are compiled at once). */
async function prebuiltsOutOfReach(log) {
  if (await resolves(PREBUILT_HOST, 2000)) return false;
  log(`${PREBUILT_HOST} is out of reach: better-sqlite3 is compiled from source (about a minute or two).`);
  return true;
}

/** Runs npm with `args` in `rootDir` (its output ours); resolves its exit status. */
function npm(rootDir, args, { offline, onChild }) {
  const child = spawn("npm", args, {
    cwd: rootDir,
    stdio: "inherit",
    env: {
      ...process.env,
      // Browsers are for the end-to-end tests (npm test installs Debian's Chromium), not for starting.
      PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1",
      // node-gyp compiles better-sqlite3 (when no prebuilt binary can be fetched) with every core.
      JOBS: "max",
      // better-sqlite3 first tries to download its prebuilt binary; offline, that fails only when
      // the resolver gives up (15 s here) before it compiles anyway.
      // (prebuild-install's own setting: npm warns of npm_config_build_from_source as unknown.)
      ...(offline ? { "prebuild-install_buildFromSource": "true" } : {}),
    },
  });
  onChild?.(child);
  return new Promise((resolve) => {
    child.on("error", () => resolve(-1));
    child.on("exit", (code, signal) => resolve(code ?? signal));
  });
}

/** Where better-sqlite3's install script downloads its prebuilt binaries from. */
const PREBUILT_HOST = "github.com";

/** Whether `host` resolves within `ms` (false when the resolver fails or takes longer). */
function resolves(host, ms) {
  let timer;
  return Promise.race([
    lookup(host).then(
      () => true,
      () => false,
    ),
    new Promise((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

/**
 * The Chromium executable for Playwright: PLAYWRIGHT_CHROMIUM_EXECUTABLE, else /usr/bin/chromium
 * (installed with apt as root on Debian/Ubuntu when missing). Throws a SetupError with the
 * options otherwise.
 */
export function ensureChromium({ log = console.log } = {}) {
  const override = ENV.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  if (override) {
    if (existsSync(override)) return override;
    throw new SetupError(`PLAYWRIGHT_CHROMIUM_EXECUTABLE=${override} does not exist.`);
  }
  if (existsSync(DEFAULT_CHROMIUM)) return DEFAULT_CHROMIUM;
  log(`Chromium is not installed (${DEFAULT_CHROMIUM}).`);
  if (aptInstall(["chromium"], { log, reason: "the end-to-end tests drive it with Playwright" })) {
    if (existsSync(DEFAULT_CHROMIUM)) return DEFAULT_CHROMIUM;
  }
  throw new SetupError(
    [
      `The end-to-end tests need Chromium, and ${DEFAULT_CHROMIUM} is missing${
        isRoot() && isDebianLike() ? " (apt-get could not install it)" : ""
      }. Options:`,
      "  - Debian: `sudo apt-get install -y chromium`;",
      "  - or set PLAYWRIGHT_CHROMIUM_EXECUTABLE to a Chromium/Chrome binary;",
      "  - or `npx playwright install --with-deps chromium` and point PLAYWRIGHT_CHROMIUM_EXECUTABLE at it.",
    ].join("\n"),
  );
}
