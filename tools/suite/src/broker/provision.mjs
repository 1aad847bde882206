// Provisioning a broker through its management HTTP API: the vhost, one least-privilege user per
// system (permissions derived from shared/contracts/src/consumers.json), no guest.
// Plain Node ESM, Node built-ins only: this runs before node_modules exists.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SYSTEMS, VHOST } from "../../../../shared/contracts/src/names.mjs";
import { SetupError } from "../process.mjs";

function authHeader(user, password) {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

/** A call to the management HTTP API: { status, ok, json, text }; a SetupError when unreachable. */
export async function mgmt(managementUrl, user, password, method, apiPath, body) {
  const url = `${managementUrl.replace(/\/+$/, "")}/api${apiPath}`;
  let res;
  try {
    res = await fetch(url, {
      method,
      headers: {
        authorization: authHeader(user, password),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    throw new SetupError(
      `RabbitMQ management API unreachable at ${url}: ${err.cause?.message ?? err.message}`,
    );
  }
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, ok: res.ok, json, text };
}

/** GET /api/whoami with these credentials: the user's tags, or undefined when refused. */
export async function managementWhoami({ managementUrl, user, password }) {
  const res = await mgmt(managementUrl, user, password, "GET", "/whoami");
  if (!res.ok) return undefined;
  return res.json;
}

/**
 * The other systems' exchanges `system` consumes, derived from the table of consumers in
 * @scs/contracts (shared/contracts/src/consumers.json: which system consumes which event types;
 * an event type's owner is its first segment). Read as plain JSON: this runs before node_modules.
 * @param {import("../env.mjs").System} system
 * @returns {string[]}
 */
export function consumedExchanges(system) {
  const file = path.join(
    path.dirname(fileURLToPath(import.meta.url)),
    "../../../../shared/contracts/src/consumers.json",
  );
  const types = JSON.parse(readFileSync(file, "utf8"))[system];
  if (!Array.isArray(types)) throw new Error(`${file}: no list of consumed events for ${system}`);
  const owners = new Set(types.map((type) => String(type).split(".")[0]));
  return SYSTEMS.filter((s) => s !== system && owners.has(s)).map((s) => `${s}.events`);
}

/**
 * Permissions of a system user on the scs vhost (regular expressions): configure and write only
 * its own `<system>.` names; read its own queues and only the exchanges it consumes (CONTRACT
 * "Messaging"), so that binding to any other exchange is refused (ACCESS_REFUSED).
 * @param {import("../env.mjs").System} system
 */
export function systemPermissions(system) {
  const exchanges = consumedExchanges(system).map((exchange) => exchange.replace(".", "\\."));
  return {
    configure: `^${system}\\.`,
    write: `^${system}\\.`,
    read: `^(${[`${system}\\..*`, ...exchanges].join("|")})$`,
  };
}

/**
 * Creates vhost `scs`, users catalog/music/store (tag `management`) with the given passwords and their
 * least-privilege permissions, gives the administrator full rights on `scs`, and makes sure
 * `guest` has no permissions on `scs`. Management HTTP API only; idempotent.
 * `credentials`: { catalog, music, store } or { systems: {…} }.
 * @param {object} options
 * @param {string} options.managementUrl
 * @param {string} options.adminUser
 * @param {string} options.adminPassword
 * @param {import("./credentials.mjs").Credentials | import("../env.mjs").PerSystem<string>} options.credentials
 * @param {string} [options.vhost]
 */
export async function provisionBroker({
  managementUrl,
  adminUser,
  adminPassword,
  credentials,
  vhost = VHOST,
}) {
  const systems = credentials.systems ?? credentials;
  const call = async (method, apiPath, body, okStatuses = []) => {
    const res = await mgmt(managementUrl, adminUser, adminPassword, method, apiPath, body);
    if (!res.ok && !okStatuses.includes(res.status)) {
      const hint = res.status === 401 ? " (the administrator credentials were refused)" : "";
      throw new SetupError(
        `RabbitMQ management API ${method} ${apiPath} → ${res.status}${hint}: ${res.text}`,
      );
    }
    return res;
  };
  const v = encodeURIComponent(vhost);
  const whoami = await call("GET", "/whoami");
  const tags = [].concat(whoami.json?.tags ?? []).join(",");
  if (!/administrator/.test(tags)) {
    throw new SetupError(
      `RabbitMQ user "${adminUser}" is not an administrator (tags: ${tags || "none"}); provisioning needs one.`,
    );
  }
  await call("PUT", `/vhosts/${v}`, { description: "self-contained systems suite", tags: "" });
  await call("PUT", `/permissions/${v}/${encodeURIComponent(adminUser)}`, {
    configure: ".*",
    write: ".*",
    read: ".*",
  });
  for (const sys of SYSTEMS) {
    if (!systems[sys]) throw new SetupError(`no broker password for system "${sys}"`);
    // Tag `management`: the system reads its own queues' placement (leader, members online) for
    // /ops; it sees its vhost only, and messages only where its read permission allows.
    await call("PUT", `/users/${encodeURIComponent(sys)}`, { password: systems[sys], tags: "management" });
    await call("PUT", `/permissions/${v}/${encodeURIComponent(sys)}`, systemPermissions(sys));
  }
  if (adminUser !== "guest") await call("DELETE", `/permissions/${v}/guest`, undefined, [404]);
  return { vhost, users: [...SYSTEMS] };
}
