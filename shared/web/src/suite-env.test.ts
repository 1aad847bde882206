import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv, suiteEnvSchema, suiteOrigins } from "./suite-env";

const dir = mkdtempSync(path.join(tmpdir(), "suite-env-"));
const keyFile = path.join(dir, "session-public.jwk");
writeFileSync(keyFile, '{"kty":"EC","crv":"P-256","x":"x","y":"y"}\n');

describe("parseEnv with <NAME>_FILE", () => {
  it("reads a value from the file its _FILE variable names (docker compose's secrets volume)", () => {
    const env = parseEnv(suiteEnvSchema, { source: { SESSION_PUBLIC_JWK_FILE: keyFile } });
    expect(env.SESSION_PUBLIC_JWK).toBe('{"kty":"EC","crv":"P-256","x":"x","y":"y"}');
  });

  it("prefers the variable itself when it is set", () => {
    const env = parseEnv(suiteEnvSchema, {
      source: { SESSION_PUBLIC_JWK: "{}", SESSION_PUBLIC_JWK_FILE: keyFile },
    });
    expect(env.SESSION_PUBLIC_JWK).toBe("{}");
  });

  it("fails clearly when the file cannot be read, or when neither is given", () => {
    expect(() =>
      parseEnv(suiteEnvSchema, { source: { SESSION_PUBLIC_JWK_FILE: path.join(dir, "missing.jwk") } }),
    ).toThrow(/SESSION_PUBLIC_JWK_FILE: cannot read .*missing\.jwk \(ENOENT\)/);
    expect(() => parseEnv(suiteEnvSchema, { source: {} })).toThrow(
      /SESSION_PUBLIC_JWK \(or SESSION_PUBLIC_JWK_FILE\)/,
    );
  });
});

describe("suiteOrigins", () => {
  const systems = {
    CATALOG_URL: "http://localhost:3001",
    MUSIC_URL: "http://localhost:3002",
    STORE_URL: "http://localhost:3003",
  };
  it("are the three systems' origins, and the front door's when the suite runs behind one", () => {
    expect(suiteOrigins(systems)).toEqual([
      "http://localhost:3001",
      "http://localhost:3002",
      "http://localhost:3003",
    ]);
    expect(suiteOrigins({ ...systems, FRONT_DOOR_URL: "http://localhost:3000" })).toContain(
      "http://localhost:3000",
    );
  });
});
