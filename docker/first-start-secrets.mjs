// One-shot service of docker-compose.yml (`secrets`): the suite's secrets on the first `up`, kept
// in volumes afterwards. Node built-ins only; runs in the images' Node (node:20-bookworm-slim).
//
//   node first-start-secrets.mjs <private-dir> <public-dir>
//
// <private-dir> (mounted by store only): session-private.jwk (store's ES256 signing key) and
//   admin-password (the first administrator's, unless ADMIN_PASSWORD is given to store).
// <public-dir> (mounted read-only by every system): session-public.jwk.
// SESSION_PRIVATE_JWK in the environment (an EC P-256 private key as a JSON JWK) is used instead
// of a generated key, and replaces a stored one; a malformed one stops with a clear message.
// Existing files are kept: delete the volumes to rotate. No secret is printed except the
// administrator's password when it is created (read it again with
// `docker compose run --rm secrets cat /secrets/private/admin-password`).
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from "node:crypto";
import { chmodSync, chownSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The uid/gid of user `node` in the official Node images, who runs the systems. */
const NODE_USER = 1000;

export class SecretsError extends Error {}

function thumbprint(jwk) {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash("sha256").update(canonical).digest("base64url");
}

/** { privateJwk, publicJwk } (with kid, alg, use) of an ES256 private key given as a JWK object. */
export function keyPairOf(privateJwk) {
  if (privateJwk?.kty !== "EC" || privateJwk.crv !== "P-256" || typeof privateJwk.d !== "string") {
    throw new SecretsError("SESSION_PRIVATE_JWK must be an EC P-256 private key as a JSON JWK (with d)");
  }
  let key;
  try {
    key = createPrivateKey({ key: privateJwk, format: "jwk" });
  } catch (error) {
    throw new SecretsError(`SESSION_PRIVATE_JWK is not a usable key: ${error.message}`);
  }
  const pub = createPublicKey(key).export({ format: "jwk" });
  const meta = { kid: privateJwk.kid ?? thumbprint(pub), alg: "ES256", use: "sig" };
  return { privateJwk: { ...key.export({ format: "jwk" }), ...meta }, publicJwk: { ...pub, ...meta } };
}

function generatedPair() {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return keyPairOf(privateKey.export({ format: "jwk" }));
}

function readText(file) {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** Writes atomically with `mode`, owned by the systems' user when running as root. */
function put(file, text, mode) {
  const temp = `${file}.tmp`;
  rmSync(temp, { force: true });
  writeFileSync(temp, text, { mode });
  chmodSync(temp, mode);
  if (process.getuid?.() === 0) chownSync(temp, NODE_USER, NODE_USER);
  renameSync(temp, file);
}

/**
 * Makes sure both directories hold the secrets. Returns what it did, for the log:
 * { keys: "created" | "kept" | "from-environment", kid, createdAdminPassword (only when created) }.
 */
export function ensureSecrets({ privateDir, publicDir, env = process.env }) {
  mkdirSync(privateDir, { recursive: true });
  mkdirSync(publicDir, { recursive: true });
  const privateFile = path.join(privateDir, "session-private.jwk");
  const publicFile = path.join(publicDir, "session-public.jwk");

  let pair;
  let keys;
  if (env.SESSION_PRIVATE_JWK) {
    let given;
    try {
      given = JSON.parse(env.SESSION_PRIVATE_JWK);
    } catch {
      throw new SecretsError("SESSION_PRIVATE_JWK is not JSON (an EC P-256 private key as a JWK)");
    }
    pair = keyPairOf(given);
    keys = "from-environment";
  } else {
    let stored;
    try {
      stored = JSON.parse(readText(privateFile) ?? "null");
    } catch {
      stored = null;
    }
    if (stored?.d) {
      pair = keyPairOf(stored);
      keys = "kept";
    } else {
      pair = generatedPair();
      keys = "created";
    }
  }
  if (keys !== "kept") put(privateFile, `${JSON.stringify(pair.privateJwk)}\n`, 0o400);
  put(publicFile, `${JSON.stringify(pair.publicJwk)}\n`, 0o444);

  const adminFile = path.join(privateDir, "admin-password");
  let createdAdminPassword;
  if ((readText(adminFile)?.trim().length ?? 0) < 8) {
    createdAdminPassword = randomBytes(18).toString("base64url");
    put(adminFile, `${createdAdminPassword}\n`, 0o400);
  }
  return { keys, kid: pair.publicJwk.kid, createdAdminPassword };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [privateDir, publicDir] = process.argv.slice(2);
  if (!privateDir || !publicDir) {
    console.error("usage: node first-start-secrets.mjs <private-dir> <public-dir>");
    process.exit(2);
  }
  try {
    const done = ensureSecrets({ privateDir, publicDir });
    const keyNote = {
      created: "created a new session key pair",
      kept: "kept the session key pair of the volume",
      "from-environment": "took the session key from SESSION_PRIVATE_JWK",
    }[done.keys];
    console.log(`secrets: ${keyNote} (kid ${done.kid})`);
    console.log(
      done.createdAdminPassword
        ? `secrets: the first administrator's password (unless ADMIN_PASSWORD is set): ${done.createdAdminPassword}`
        : "secrets: kept the administrator's password of the volume",
    );
  } catch (error) {
    console.error(`secrets: ${error instanceof SecretsError ? error.message : error.stack}`);
    process.exit(1);
  }
}
