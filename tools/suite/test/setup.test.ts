// What `npm start` and `npm test` install (src/setup.mjs). npm itself is replaced by a script that
// records its arguments (a unit test: the real install is what a fresh clone's `npm start` measures).
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  dependenciesOutdated,
  ensureDependencies,
  ensureNativeAddons,
  missingNativeAddons,
} from "../src/setup.mjs";
import { productionBuildEnv } from "../src/systems.mjs";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
let dir = "";
let calls = "";
let savedPath: string | undefined;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "scs-setup-"));
  const bin = path.join(dir, "bin");
  mkdirSync(bin);
  calls = path.join(dir, "npm-calls");
  writeFileSync(calls, "");
  // The stand-in for npm: one line of arguments per call, and a node_modules as npm would leave,
  // with better-sqlite3's binary when its install script ran (or `npm rebuild` built it).
  const addon = "node_modules/better-sqlite3/build/Release";
  writeFileSync(
    path.join(bin, "npm"),
    [
      "#!/bin/sh",
      `echo "$*" >> ${JSON.stringify(calls)}`,
      "mkdir -p node_modules/better-sqlite3",
      'case "$*" in',
      "  *--ignore-scripts*) ;;",
      `  *) mkdir -p ${addon} && touch ${addon}/better_sqlite3.node ;;`,
      "esac",
      "",
    ].join("\n"),
  );
  chmodSync(path.join(bin, "npm"), 0o755);
  savedPath = process.env.PATH;
  process.env.PATH = `${bin}:${savedPath}`;
  const project = path.join(dir, "project");
  mkdirSync(project);
  writeFileSync(path.join(project, "package.json"), '{ "name": "p", "private": true }\n');
  writeFileSync(path.join(project, "package-lock.json"), '{ "lockfileVersion": 3 }\n');
});
afterEach(() => {
  process.env.PATH = savedPath;
  rmSync(dir, { recursive: true, force: true });
});

const project = () => path.join(dir, "project");
const npmCalls = () => readFileSync(calls, "utf8").split("\n").filter(Boolean);
const quiet = { log: () => {} };

describe("ensureDependencies", () => {
  it("installs only the dependencies for npm start, and the test tools for npm test", async () => {
    expect(await ensureDependencies(project(), { scope: "start", ...quiet })).toBe(true);
    expect(npmCalls()).toEqual(["install --no-audit --no-fund --omit=dev"]);
    expect(dependenciesOutdated(project(), "start")).toBeUndefined();
    // A second start installs nothing; npm test installs what the start left out.
    expect(await ensureDependencies(project(), { scope: "start", ...quiet })).toBe(false);
    expect(dependenciesOutdated(project(), "all")).toMatch(/test tools/);
    expect(await ensureDependencies(project(), { scope: "all", ...quiet })).toBe(true);
    expect(npmCalls()).toEqual(["install --no-audit --no-fund --omit=dev", "install --no-audit --no-fund"]);
    expect(dependenciesOutdated(project(), "all")).toBeUndefined();
    expect(dependenciesOutdated(project(), "start")).toBeUndefined();
  });

  it("never narrows a full install: after a dependency change npm start installs everything again", async () => {
    await ensureDependencies(project(), { scope: "all", ...quiet });
    writeFileSync(
      path.join(project(), "package.json"),
      '{ "name": "p", "private": true, "version": "1.0.0" }\n',
    );
    expect(dependenciesOutdated(project(), "start")).toMatch(/changed/);
    await ensureDependencies(project(), { scope: "start", ...quiet });
    // `npm install --omit=dev` would have deleted the test tools.
    expect(npmCalls()).toEqual(["install --no-audit --no-fund", "install --no-audit --no-fund"]);
  });
});

describe("better-sqlite3 beside the builds (npm start's compileLater)", () => {
  it("installs without install scripts, and builds better-sqlite3 when asked", async () => {
    await ensureDependencies(project(), { scope: "start", compileLater: true, ...quiet });
    expect(npmCalls()).toEqual(["install --no-audit --no-fund --omit=dev --ignore-scripts"]);
    expect(missingNativeAddons(project())).toEqual(["better-sqlite3"]);
    expect(await ensureNativeAddons(project(), quiet)).toEqual(["better-sqlite3"]);
    expect(npmCalls().slice(1)).toEqual(["rebuild better-sqlite3"]);
    expect(missingNativeAddons(project())).toEqual([]);
    // Built once: a second start neither installs nor builds.
    await ensureDependencies(project(), { scope: "start", compileLater: true, ...quiet });
    expect(await ensureNativeAddons(project(), quiet)).toEqual([]);
    expect(npmCalls()).toHaveLength(2);
  });

  it("npm test builds the addon that a stopped start left unbuilt (node_modules is up to date)", async () => {
    await ensureDependencies(project(), { scope: "start", compileLater: true, ...quiet });
    await ensureDependencies(project(), { scope: "start", ...quiet });
    expect(npmCalls()).toEqual([
      "install --no-audit --no-fund --omit=dev --ignore-scripts",
      "rebuild better-sqlite3",
    ]);
    expect(missingNativeAddons(project())).toEqual([]);
  });
});

describe("npm start's builds", () => {
  it("skip Turbopack's build cache on a fresh clone only (it serves rebuilds, not the build that writes it)", () => {
    const env = productionBuildEnv(project(), { DATA_DIR: "/somewhere", PATH: "/bin" });
    expect(env.SCS_BUILD_CACHE).toBe("0");
    expect(env.DATA_DIR).toBeUndefined();
    mkdirSync(path.join(project(), "systems", "store", ".next", "cache"), { recursive: true });
    expect(productionBuildEnv(project(), { PATH: "/bin" }).SCS_BUILD_CACHE).toBeUndefined();
  });

  // `next start` (npm start, the tests, the benchmarks) serves .next as is; the standalone copy is
  // for the Docker images only, whose Dockerfiles ask for it.
  it.each(["catalog", "music", "store"])(
    "%s: standalone output only when SCS_STANDALONE=1 (its Dockerfile)",
    async (sys) => {
      const config = path.join(repoRoot, "systems", sys, "next.config.ts");
      // A query of its own per load: a fresh evaluation, without resetting the module graph that
      // this package's test files share (--no-isolate).
      const load = async (standalone: string | undefined) => {
        vi.stubEnv("SCS_STANDALONE", standalone);
        try {
          const url = `${config}?standalone=${standalone ?? "unset"}`;
          return (await import(/* @vite-ignore */ url)).default as { output?: string };
        } finally {
          vi.unstubAllEnvs();
        }
      };
      expect((await load(undefined)).output).toBeUndefined();
      expect((await load("1")).output).toBe("standalone");
      const dockerfile = readFileSync(path.join(repoRoot, "systems", sys, "Dockerfile"), "utf8");
      const buildStage = dockerfile.slice(0, dockerfile.indexOf(" AS runtime"));
      expect(buildStage).toMatch(/^ENV .*\bSCS_STANDALONE=1\b/m);
      expect(buildStage).toMatch(/test -f systems\/\w+\/\.next\/standalone\//);
    },
  );
});

describe("the packages npm start needs are dependencies (what `npm install --omit=dev` installs)", () => {
  const lock: Record<string, { dev?: boolean; link?: boolean; resolved?: string }> = JSON.parse(
    readFileSync(path.join(repoRoot, "package-lock.json"), "utf8"),
  ).packages;
  // turbo runs the builds, tsx the seeds; next build checks its TypeScript config and refuses to
  // build (it would install them itself) without typescript, @types/react and @types/node.
  it.each(["turbo", "tsx", "typescript", "@types/react", "@types/node", "next", "better-sqlite3"])(
    "%s",
    (name) => {
      const entry = lock[`node_modules/${name}`];
      expect(entry).toBeDefined();
      expect(entry?.dev).toBeUndefined();
    },
  );
});

describe("package-lock.json", () => {
  it("names every registry package's tarball (`resolved`): an install with an empty cache fetches no packuments", () => {
    const lock: Record<string, { dev?: boolean; link?: boolean; resolved?: string }> = JSON.parse(
      readFileSync(path.join(repoRoot, "package-lock.json"), "utf8"),
    ).packages;
    const unresolved = Object.entries(lock)
      .filter(([key, entry]) => key.includes("node_modules/") && !entry.link && !entry.resolved)
      .map(([key]) => key);
    expect(unresolved).toEqual([]);
  });
});
