// The broker's users: the administrator and one user per system, their passwords created once
// into a credentials file, and the AMQP URLs built from them. Plain Node ESM, Node built-ins only.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SYSTEMS, VHOST } from "../../../../shared/contracts/src/names.mjs";
import { generatePassword } from "../secrets.mjs";

/** @typedef {import("../env.mjs").System} System */
/**
 * @template T
 * @typedef {import("../env.mjs").PerSystem<T>} PerSystem
 */
/** @typedef {{ user: string; password: string }} UserPassword */
/**
 * The broker's passwords: the administrator's (a private broker's) and each system user's.
 * @typedef {{ admin?: UserPassword; systems: PerSystem<string> }} Credentials
 */
/**
 * What the systems and the tests need to know of a broker (E2E_BROKER_JSON).
 * @typedef {object} BrokerInfo
 * @property {PerSystem<string>} brokerUrls each system's own AMQP URL (comma-separated: a cluster's nodes)
 * @property {string} managementUrl
 * @property {string} adminUser
 * @property {string} adminPassword
 * @property {string} adminUrl
 * @property {string} host
 * @property {number} amqpPort
 * @property {string} vhost
 */

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * Loads `file` (JSON: { admin?: {user,password}, systems: {catalog,music,store} }) or creates it
 * with random passwords; missing entries are added, existing ones are kept (created once, reused).
 * @param {string} file
 * @param {{ withAdmin?: boolean }} [options]
 * @returns {Credentials}
 */
export function loadOrCreateCredentials(file, { withAdmin = false } = {}) {
  const current = readJson(file) ?? {};
  const next = { ...current, systems: { ...(current.systems ?? {}) } };
  let changed = !existsSync(file);
  if (withAdmin && !(current.admin?.user && current.admin?.password)) {
    next.admin = { user: "admin", password: generatePassword() };
    changed = true;
  }
  for (const sys of SYSTEMS) {
    if (!next.systems[sys]) {
      next.systems[sys] = generatePassword();
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  }
  return next;
}

/**
 * amqp://<sys>:<pw>@<host>:<port>/scs
 * @param {System} system
 * @param {{ password: string; port?: number; host?: string; vhost?: string }} options
 */
export function systemAmqpUrl(system, { password, port = 5672, host = "127.0.0.1", vhost = VHOST }) {
  return `amqp://${encodeURIComponent(system)}:${encodeURIComponent(password)}@${host}:${port}/${encodeURIComponent(vhost)}`;
}

/**
 * { catalog, music, store } → each system's own AMQP URL.
 * @param {{ credentials: Credentials | PerSystem<string>; port?: number; host?: string; vhost?: string }} options
 * @returns {PerSystem<string>}
 */
export function systemAmqpUrls({ credentials, port = 5672, host = "127.0.0.1", vhost = VHOST }) {
  const systems = credentials.systems ?? credentials;
  return Object.fromEntries(
    SYSTEMS.map((sys) => [sys, systemAmqpUrl(sys, { password: systems[sys], port, host, vhost })]),
  );
}

/**
 * amqp://<user>:<pw>@<host>:<port>[/<vhost>]
 * @param {{ user: string; password: string; host?: string; port?: number; vhost?: string }} options
 */
export function adminAmqpUrl({ user, password, host = "127.0.0.1", port = 5672, vhost }) {
  const base = `amqp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}`;
  return vhost ? `${base}/${encodeURIComponent(vhost)}` : base;
}
