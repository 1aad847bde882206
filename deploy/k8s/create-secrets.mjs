#!/usr/bin/env node
// Creates the Secrets deploy/k8s references and never contains, in one namespace, with fresh
// random values: store's session signing key pair, store's first administrator, and the three
// systems' broker users. A Secret that exists already is left as it is (rotate by deleting it).
// Values go to kubectl through files (mode 600, removed afterwards), never on a command line.
//
//   node deploy/k8s/create-secrets.mjs --namespace scs [--admin-email admin@example.com] [--dry-run]
//
// Uses $KUBECTL or the kubectl on PATH, with your current kube context. Node built-ins only.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generatePassword, generateSessionKeys } from "@scs/suite/secrets";

/** Every Secret the manifests reference, with its keys (deploy/check tests hold them to this). */
export const SECRETS = [
  { name: "session-keys", keys: ["private-jwk", "public-jwk"] },
  { name: "store-admin", keys: ["email", "password"] },
  { name: "catalog-broker", keys: ["username", "password"] },
  { name: "music-broker", keys: ["username", "password"] },
  { name: "store-broker", keys: ["username", "password"] },
];

/** Fresh values for every key of SECRETS. */
export function secretValues({ adminEmail = "admin@example.com" } = {}) {
  const { privateJwk, publicJwk } = generateSessionKeys();
  const broker = (system) => ({ username: system, password: generatePassword(32) });
  return {
    "session-keys": { "private-jwk": JSON.stringify(privateJwk), "public-jwk": JSON.stringify(publicJwk) },
    "store-admin": { email: adminEmail, password: generatePassword(24) },
    "catalog-broker": broker("catalog"),
    "music-broker": broker("music"),
    "store-broker": broker("store"),
  };
}

function option(args, name) {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
}

function main(args) {
  const namespace = option(args, "--namespace");
  if (!namespace) {
    console.error(
      "usage: node deploy/k8s/create-secrets.mjs --namespace <ns> [--admin-email <email>] [--dry-run]",
    );
    return 2;
  }
  const dryRun = args.includes("--dry-run");
  const kubectl = process.env.KUBECTL || "kubectl";
  const values = secretValues({ adminEmail: option(args, "--admin-email") });
  const dir = mkdtempSync(path.join(tmpdir(), "scs-secrets-"));
  try {
    for (const { name, keys } of SECRETS) {
      const exists = spawnSync(
        kubectl,
        ["get", "secret", name, "--namespace", namespace, "--ignore-not-found", "-o", "name"],
        {
          encoding: "utf8",
        },
      );
      if (exists.status !== 0) {
        console.error(`${kubectl} get secret ${name}: ${exists.stderr.trim()}`);
        return 1;
      }
      if (exists.stdout.trim() !== "") {
        console.log(`secret/${name}: exists, kept`);
        continue;
      }
      const files = keys.map((key) => {
        const file = path.join(dir, `${name}.${key}`);
        writeFileSync(file, values[name][key], { mode: 0o600 });
        return `--from-file=${key}=${file}`;
      });
      const create = ["create", "secret", "generic", name, "--namespace", namespace, ...files];
      if (dryRun) create.push("--dry-run=client");
      const result = spawnSync(kubectl, create, { stdio: "inherit" });
      if (result.status !== 0) return 1;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `store's administrator password: kubectl -n ${namespace} get secret store-admin -o jsonpath='{.data.password}' | base64 -d`,
  );
  return 0;
}

if (fileURLToPath(import.meta.url) === path.resolve(process.argv[1] ?? ""))
  process.exit(main(process.argv.slice(2)));
