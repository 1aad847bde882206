// Writes the DEV-ONLY session keys that docker-compose.yml hands to the systems:
//   docker/dev-session-keys.env    SESSION_PRIVATE_JWK + SESSION_PUBLIC_JWK (store)
//   docker/dev-session-public.env  SESSION_PUBLIC_JWK (catalog, music)
// These files are committed on purpose so that `docker compose up` works on a fresh clone; anyone
// can read them, so they must never sign sessions of a deployment that matters.
// Usage: node scripts/docker-dev-keys.mjs [--force]
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generateSessionKeys, ROOT_DIR } from "./lib/suite.mjs";

const dir = path.join(ROOT_DIR, "docker");
const keysFile = path.join(dir, "dev-session-keys.env");
const publicFile = path.join(dir, "dev-session-public.env");
if (existsSync(keysFile) && !process.argv.includes("--force")) {
  console.log(`${path.relative(ROOT_DIR, keysFile)} exists; --force to replace it.`);
  process.exit(0);
}
const { privateJwk, publicJwk } = generateSessionKeys();
const header = [
  "# DEV-ONLY session signing keys for docker-compose.yml. PUBLIC, COMMITTED TO GIT: NEVER USE THEM",
  "# FOR ANYTHING BUT A LOCAL DEMO. Regenerate with `node scripts/docker-dev-keys.mjs --force`;",
  "# for a real deployment provide your own SESSION_PRIVATE_JWK / SESSION_PUBLIC_JWK (ES256 JWKs).",
];
mkdirSync(dir, { recursive: true });
writeFileSync(
  keysFile,
  [
    ...header,
    `SESSION_PRIVATE_JWK=${JSON.stringify(privateJwk)}`,
    `SESSION_PUBLIC_JWK=${JSON.stringify(publicJwk)}`,
    "",
  ].join("\n"),
);
writeFileSync(publicFile, [...header, `SESSION_PUBLIC_JWK=${JSON.stringify(publicJwk)}`, ""].join("\n"));
console.log(
  `Wrote ${path.relative(ROOT_DIR, keysFile)} and ${path.relative(ROOT_DIR, publicFile)} (DEV-ONLY).`,
);
