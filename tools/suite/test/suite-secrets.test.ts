/**
 * The suite's secrets (issue 10, item 4): no private key is committed; docker compose creates the
 * session key pair and the administrator's password on its first start (docker/first-start-secrets.mjs);
 * `npm start` gives the administrator a random password per data directory unless ADMIN_PASSWORD is set.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ensureAdminCredentials } from "../src/secrets.mjs";

const root = path.resolve(import.meta.dirname, "../../..");
const script = path.join(root, "docker/first-start-secrets.mjs");
const fresh = () => mkdtempSync(path.join(tmpdir(), "secrets-"));

describe("no private key in the repository", () => {
  it("has no file holding a private JWK (a `d` member) or a PEM private key", () => {
    const files = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" })
      .split("\0")
      .filter((file) => file && !file.includes("node_modules") && !file.endsWith(".test.ts"));
    const offending = files.filter((file) => {
      let text: string;
      try {
        text = readFileSync(path.join(root, file), "utf8");
      } catch {
        return false;
      }
      return (
        /"d"\s*:\s*"[A-Za-z0-9_-]{40,}"/.test(text) || /-----BEGIN (EC |RSA )?PRIVATE KEY-----/.test(text)
      );
    });
    expect(offending).toEqual([]);
  });

  it("lets docker-compose.yml load no committed key file", () => {
    const compose = readFileSync(path.join(root, "docker-compose.yml"), "utf8");
    expect(compose).not.toMatch(/env_file|dev-session|SESSION_PRIVATE_JWK: *\{/);
    expect(compose).toMatch(/SESSION_PRIVATE_JWK_FILE: \/secrets\/private\/session-private\.jwk/);
  });
});

describe("docker compose's first-start secrets", () => {
  const run = (dir: string, env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [script, path.join(dir, "private"), path.join(dir, "public")], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, ...env },
    });

  it("creates a key pair and an administrator's password once, then keeps them", () => {
    const dir = fresh();
    const first = run(dir);
    expect(first.status).toBe(0);
    const privateJwk = JSON.parse(readFileSync(path.join(dir, "private/session-private.jwk"), "utf8"));
    const publicJwk = JSON.parse(readFileSync(path.join(dir, "public/session-public.jwk"), "utf8"));
    expect(privateJwk).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", x: publicJwk.x });
    expect(publicJwk).not.toHaveProperty("d");
    expect(statSync(path.join(dir, "private/session-private.jwk")).mode & 0o077).toBe(0);
    const password = readFileSync(path.join(dir, "private/admin-password"), "utf8").trim();
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(first.stdout).toContain(password);
    expect(first.stdout).not.toContain(privateJwk.d);

    const second = run(dir);
    expect(second.status).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, "private/session-private.jwk"), "utf8")).d).toBe(
      privateJwk.d,
    );
    expect(readFileSync(path.join(dir, "private/admin-password"), "utf8").trim()).toBe(password);
    expect(second.stdout).not.toContain(password);
  });

  it("takes SESSION_PRIVATE_JWK from the environment, and refuses a malformed one clearly", () => {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const given = privateKey.export({ format: "jwk" });
    const dir = fresh();
    expect(run(dir, { SESSION_PRIVATE_JWK: JSON.stringify(given) }).status).toBe(0);
    const publicJwk = JSON.parse(readFileSync(path.join(dir, "public/session-public.jwk"), "utf8"));
    expect(publicJwk.x).toBe(given.x);

    const bad = run(fresh(), { SESSION_PRIVATE_JWK: '{"kty":"EC","crv":"P-256"}' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/SESSION_PRIVATE_JWK must be an EC P-256 private key/);
  });
});

describe("npm start's administrator password", () => {
  it("is random per data directory, stored (0600) and reused", () => {
    const a = fresh();
    const first = ensureAdminCredentials(a);
    expect(first.source).toBe("created");
    expect(first.password).not.toBe("admin-password");
    expect(first.password.length).toBeGreaterThanOrEqual(16);
    expect(statSync(first.file).mode & 0o077).toBe(0);
    expect(ensureAdminCredentials(a)).toMatchObject({ source: "stored", password: first.password });
    expect(ensureAdminCredentials(fresh()).password).not.toBe(first.password);
  });

  it("is ADMIN_PASSWORD when the operator sets it", () => {
    expect(ensureAdminCredentials(fresh(), { password: "operator-chosen" })).toMatchObject({
      source: "environment",
      password: "operator-chosen",
    });
  });
});
