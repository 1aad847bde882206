import { randomBytes, scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decoyHash, hashPassword, needsRehash, verifyPassword } from "./passwords";

describe("password hashing", () => {
  it("stores scrypt parameters (OWASP's minimum N=2^17, r=8, p=1), salt and hash, never the password", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{86}$/);
    expect(stored).not.toContain("correct horse battery");
  });

  it("uses a fresh salt for every hash", async () => {
    const [a, b] = await Promise.all([hashPassword("same password"), hashPassword("same password")]);
    expect(a).not.toBe(b);
  });

  it("accepts the right password and rejects a wrong one", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse batterY", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("rejects malformed or tampered hashes without throwing", async () => {
    const stored = await hashPassword("secret-password");
    expect(await verifyPassword("secret-password", "plain-text")).toBe(false);
    expect(await verifyPassword("secret-password", stored.replace("$131072$", "$1073741824$"))).toBe(false);
    const parts = stored.split("$");
    parts[5] = Buffer.from("x".repeat(64)).toString("base64url");
    expect(await verifyPassword("secret-password", parts.join("$"))).toBe(false);
  });

  it("still verifies a hash made with older parameters, and says it needs a rehash", async () => {
    const salt = randomBytes(16);
    const key = scryptSync("old-password".normalize("NFKC"), salt, 64, {
      N: 2 ** 15,
      r: 8,
      p: 1,
      maxmem: 64 * 1024 * 1024,
    });
    const old = ["scrypt", 2 ** 15, 8, 1, salt.toString("base64url"), key.toString("base64url")].join("$");
    expect(await verifyPassword("old-password", old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword("old-password"))).toBe(false);
    expect(needsRehash("garbage")).toBe(true);
  });

  it("has a decoy hash that no password the user typed matches", async () => {
    expect(await verifyPassword("customer-password", await decoyHash())).toBe(false);
  });
});
