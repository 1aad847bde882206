/**
 * Each system's container gets the environment its code reads, and nothing the code does not: the
 * environment assembled from the rendered manifests (ConfigMap, literal values, `$(VAR)`
 * references, Secrets filled with values as deploy/k8s/create-secrets.mjs makes them, as variables
 * or as the files `<NAME>_FILE` names) parses
 * with the system's own schema (shared/web/src/suite-env.ts, systems/store/src/env.ts). And the
 * Secrets referenced are exactly those create-secrets.mjs creates and the README documents.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { suiteEnvSchema } from "@scs/web/suite-env";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { SECRETS, secretValues } from "../k8s/create-secrets.mjs";
import { SYSTEMS, secretFileOf } from "./house-rules";
import { isObject, type JsonObject, type Manifest } from "./manifest";
import { OVERLAYS } from "./render";
import { rendered } from "./rendered";

/** Read by the runtime around the code: Next's standalone server and its signal handling. */
const RUNTIME_VARIABLES = new Set(["PORT", "HOSTNAME", "NEXT_MANUAL_SIG_HANDLE"]);

/** store's schema; its module parses the environment on import, so import it as `next build` does. */
async function storeSchema(): Promise<z.ZodObject> {
  const phase = process.env.NEXT_PHASE;
  process.env.NEXT_PHASE = "phase-production-build";
  try {
    return (await import("../../systems/store/src/env")).storeEnvSchema;
  } finally {
    if (phase === undefined) delete process.env.NEXT_PHASE;
    else process.env.NEXT_PHASE = phase;
  }
}

interface Assembled {
  env: Record<string, string>;
  /** Variables only used inside another one's `$(NAME)`. */
  referenced: Set<string>;
  secrets: Set<string>;
}

/**
 * The environment a container starts with, as the kubelet assembles it, and as the code completes
 * it: `<NAME>_FILE` naming a file of a mounted Secret gives NAME that file's content.
 */
function assemble(
  docs: Manifest[],
  pod: JsonObject,
  container: JsonObject,
  values: Record<string, Record<string, string>>,
): Assembled {
  const env: Record<string, string> = {};
  const referenced = new Set<string>();
  const secrets = new Set<string>();
  for (const from of (container.envFrom ?? []) as JsonObject[]) {
    const name = isObject(from.configMapRef) ? from.configMapRef.name : undefined;
    const map = docs.find((d) => d.kind === "ConfigMap" && d.metadata.name === name);
    if (!map) throw new Error(`envFrom: no ConfigMap ${String(name)}`);
    Object.assign(env, map.data);
  }
  for (const entry of (container.env ?? []) as JsonObject[]) {
    const name = String(entry.name);
    if (typeof entry.value === "string") {
      env[name] = entry.value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, ref: string) => {
        referenced.add(ref);
        return env[ref] ?? whole;
      });
    } else {
      const ref =
        isObject(entry.valueFrom) && isObject(entry.valueFrom.secretKeyRef)
          ? entry.valueFrom.secretKeyRef
          : {};
      const value = values[String(ref.name)]?.[String(ref.key)];
      if (value === undefined)
        throw new Error(
          `${name}: secret ${String(ref.name)}/${String(ref.key)} is not one create-secrets.mjs makes`,
        );
      secrets.add(`${String(ref.name)}/${String(ref.key)}`);
      env[name] = value;
    }
  }
  for (const volume of (pod.volumes ?? []) as JsonObject[]) {
    const secret = isObject(volume.secret) ? volume.secret : undefined;
    for (const item of (secret?.items ?? []) as JsonObject[])
      secrets.add(`${String(secret?.secretName)}/${String(item.key)}`);
  }
  for (const [name, file] of Object.entries(env)) {
    if (!name.endsWith("_FILE")) continue;
    const target = name.slice(0, -"_FILE".length);
    const source = secretFileOf(pod, container, file);
    const value = source && values[source.secret]?.[source.key];
    if (value === undefined)
      throw new Error(`${name}: ${file} is no file of a Secret create-secrets.mjs makes`);
    if ((env[target] ?? "") === "") env[target] = value;
  }
  return { env, referenced, secrets };
}

describe.each(OVERLAYS)("system environments of overlay %s", (overlay) => {
  it("parse with each system's schema, and set only what the code reads", async () => {
    const docs = rendered(overlay);
    const values = secretValues();
    const schemas: Record<string, z.ZodObject> = {
      catalog: suiteEnvSchema,
      music: suiteEnvSchema,
      store: await storeSchema(),
    };
    const usedSecrets = new Set<string>();
    for (const system of SYSTEMS) {
      const sts = docs.find((d) => d.kind === "StatefulSet" && d.metadata.name === system);
      if (!sts) throw new Error(`no StatefulSet ${system}`);
      const pod = (sts.spec as { template: { spec: JsonObject } }).template.spec;
      const container = (pod.containers as JsonObject[] | undefined)?.[0];
      if (!container) throw new Error(`no container for ${system}`);
      const { env, referenced, secrets } = assemble(docs, pod, container, values);
      for (const s of secrets) usedSecrets.add(s);
      // Only store signs sessions: no other system gets the private key, by any way.
      expect(secrets.has("session-keys/private-jwk"), `${system} holds the private key`).toBe(
        system === "store",
      );
      const schema = schemas[system] as z.ZodObject;
      const parsed = schema.safeParse(env);
      expect(parsed.success ? "" : parsed.error.message, `${system}'s environment`).toBe("");
      const read = new Set(Object.keys(schema.shape));
      const unread = Object.keys(env).filter(
        (name) =>
          !read.has(name) &&
          !(name.endsWith("_FILE") && read.has(name.slice(0, -"_FILE".length))) &&
          !RUNTIME_VARIABLES.has(name) &&
          !referenced.has(name),
      );
      expect(unread, `${system} sets variables its code does not read`).toEqual([]);
      expect(env.AMQP_URL).toBe(`amqp://${system}:${values[`${system}-broker`]?.password}@broker:5672/scs`);
      expect(env.DATA_DIR).toBe("/data");
      expect(env.NEXT_MANUAL_SIG_HANDLE).toBe("true");
    }
    expect([...usedSecrets].sort()).toEqual(
      SECRETS.flatMap((s) => s.keys.map((k) => `${s.name}/${k}`)).sort(),
    );
  });
});

describe("create-secrets.mjs", () => {
  it("creates each missing Secret from files, never with a value on the command line", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "scs-fake-kubectl-"));
    try {
      const log = path.join(dir, "calls.log");
      const kubectl = path.join(dir, "kubectl");
      // A kubectl that knows one Secret (store-admin) and records what it is asked to create.
      writeFileSync(
        kubectl,
        `#!/bin/sh
echo "ARGS $*" >> "${log}"
if [ "$1" = get ]; then [ "$3" = store-admin ] && echo secret/store-admin; exit 0; fi
for a in "$@"; do case "$a" in --from-file=*) kv="\${a#--from-file=}"; echo "FILE \${kv%%=*} $(cat "\${kv#*=}")" >> "${log}";; esac; done
`,
      );
      chmodSync(kubectl, 0o755);
      const script = path.resolve(import.meta.dirname, "../k8s/create-secrets.mjs");
      const out = execFileSync(process.execPath, [script, "--namespace", "scs-test"], {
        env: { ...process.env, KUBECTL: kubectl },
        encoding: "utf8",
      });
      expect(out).toContain("secret/store-admin: exists, kept");
      const lines = readFileSync(log, "utf8").trim().split("\n");
      const creates = lines.filter((l) => l.startsWith("ARGS create secret generic"));
      expect(creates.map((l) => l.split(" ")[4])).toEqual([
        "session-keys",
        "catalog-broker",
        "music-broker",
        "store-broker",
      ]);
      for (const line of creates) expect(line).toContain("--namespace scs-test");
      const files = new Map(
        lines
          .filter((l) => l.startsWith("FILE "))
          .map((l) => [l.split(" ")[1] ?? "", l.slice(l.indexOf(" ", 5) + 1)]),
      );
      const privateJwk = JSON.parse(files.get("private-jwk") ?? "{}") as Record<string, string>;
      const publicJwk = JSON.parse(files.get("public-jwk") ?? "{}") as Record<string, string>;
      expect(privateJwk).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256" });
      expect(typeof privateJwk.d).toBe("string");
      expect(publicJwk.d).toBeUndefined();
      expect(publicJwk.x).toBe(privateJwk.x);
      const args = lines.filter((l) => l.startsWith("ARGS ")).join("\n");
      const secrets = lines
        .filter((l) => /^FILE (password|private-jwk) /.test(l))
        .map((l) => l.slice(l.indexOf(" ", 5) + 1));
      expect(secrets).toHaveLength(4);
      for (const value of secrets) expect(args).not.toContain(value);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("makes passwords a URL can hold as they are (AMQP_URL is composed from them)", () => {
    for (const system of SYSTEMS) {
      const credentials = secretValues()[`${system}-broker`];
      expect(credentials?.username).toBe(system);
      expect(credentials?.password).toMatch(/^[A-Za-z0-9]{32}$/);
    }
  });
});
