import { describe, expect, it } from "vitest";
import { decoyHash, hashPassword, verifyPassword } from "./passwords";

describe("password hashing", () => {
  it("stores scrypt parameters, salt and hash, never the password", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{86}$/);
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
    expect(await verifyPassword("secret-password", stored.replace("$32768$", "$1073741824$"))).toBe(false);
    const parts = stored.split("$");
    parts[5] = Buffer.from("x".repeat(64)).toString("base64url");
    expect(await verifyPassword("secret-password", parts.join("$"))).toBe(false);
  });

  it("has a decoy hash that no password the user typed matches", async () => {
    expect(await verifyPassword("customer-password", await decoyHash())).toBe(false);
  });
});
