// What each system is started (and seeded) with: its URLs, ports, broker user, session keys and
// the administrator's sign-in. Plain Node ESM, Node built-ins only.
import path from "node:path";
import { SYSTEMS } from "../../../shared/contracts/src/names.mjs";

/** @typedef {import("../../../shared/contracts/src/names.mjs").System} System */
/**
 * @template T
 * @typedef {Record<System, T>} PerSystem
 */

export const DEFAULT_PORTS = Object.freeze({ catalog: 3001, music: 3002, store: 3003 });
export const DEFAULT_ADMIN_EMAIL = "admin@example.com";
export const DEMO_CUSTOMER = Object.freeze({ email: "customer@example.com", password: "customer-password" });

/**
 * Public base URLs of the systems for these ports: { catalog, music, store }.
 * @param {Readonly<PerSystem<number>>} [ports]
 * @param {string} [host]
 * @returns {PerSystem<string>}
 */
export function suiteUrls(ports = DEFAULT_PORTS, host = "localhost") {
  return Object.fromEntries(SYSTEMS.map((sys) => [sys, `http://${host}:${ports[sys]}`]));
}

/**
 * The environment one system is started (and seeded) with, on top of `baseEnv`:
 * every system: CATALOG_URL, MUSIC_URL, STORE_URL, DATA_DIR (absolute), AMQP_URL (its own broker
 * user), RABBITMQ_MANAGEMENT_URL, SESSION_PUBLIC_JWK, PORT; store also SESSION_PRIVATE_JWK,
 * FRONT_DOOR_URL (`frontDoorUrl`, the gateway's URL) when given; store also SESSION_PRIVATE_JWK,
 * ADMIN_EMAIL, ADMIN_PASSWORD and ORDER_PENDING_TIMEOUT_S (`orderPendingTimeoutS`, else the
 * operator's ORDER_PENDING_TIMEOUT_S, else store's default of 600 s; store validates it at start).
 * @param {System} system
 * @param {Omit<import("./systems.mjs").SuiteOptions, "mode" | "log" | "verbose" | "seed" | "rootDir">} options
 * @returns {NodeJS.ProcessEnv}
 */
export function systemEnv(
  system,
  {
    dataDir,
    ports = DEFAULT_PORTS,
    urls = suiteUrls(ports),
    brokerUrls,
    managementUrl,
    sessionKeys,
    adminEmail = DEFAULT_ADMIN_EMAIL,
    adminPassword,
    baseEnv = process.env,
    orderPendingTimeoutS = baseEnv.ORDER_PENDING_TIMEOUT_S,
    frontDoorUrl,
  },
) {
  if (!SYSTEMS.includes(system)) throw new Error(`unknown system ${system}`);
  if (!dataDir) throw new Error("systemEnv: dataDir is required");
  if (!brokerUrls?.[system]) throw new Error(`systemEnv: brokerUrls.${system} is required`);
  if (!sessionKeys?.publicJwk) throw new Error("systemEnv: sessionKeys.publicJwk is required");
  const env = { ...baseEnv };
  // Never leak the operator's broker administrator URL or the other system's secrets.
  for (const key of [
    "RABBITMQ_URL",
    "SESSION_PRIVATE_JWK",
    "ADMIN_EMAIL",
    "ADMIN_PASSWORD",
    "ORDER_PENDING_TIMEOUT_S",
    "FRONT_DOOR_URL",
  ]) {
    delete env[key];
  }
  // The front door (tools/suite/src/gateway.mjs) in front of them, when there is one.
  if (frontDoorUrl) env.FRONT_DOOR_URL = frontDoorUrl;
  Object.assign(env, {
    CATALOG_URL: urls.catalog,
    MUSIC_URL: urls.music,
    STORE_URL: urls.store,
    DATA_DIR: path.resolve(dataDir),
    AMQP_URL: brokerUrls[system],
    RABBITMQ_MANAGEMENT_URL: (managementUrl ?? "http://localhost:15672").replaceAll(
      "//127.0.0.1:",
      "//localhost:",
    ),
    SESSION_PUBLIC_JWK: JSON.stringify(sessionKeys.publicJwk),
    PORT: String(ports[system]),
    NEXT_TELEMETRY_DISABLED: "1",
  });
  if (system === "store") {
    if (!sessionKeys.privateJwk) throw new Error("systemEnv: sessionKeys.privateJwk is required for store");
    if (!adminPassword)
      throw new Error("systemEnv: adminPassword is required for store (ensureAdminCredentials)");
    env.SESSION_PRIVATE_JWK = JSON.stringify(sessionKeys.privateJwk);
    env.ADMIN_EMAIL = adminEmail;
    env.ADMIN_PASSWORD = adminPassword;
    if (orderPendingTimeoutS !== undefined && orderPendingTimeoutS !== "") {
      env.ORDER_PENDING_TIMEOUT_S = String(orderPendingTimeoutS);
    }
  }
  return env;
}
