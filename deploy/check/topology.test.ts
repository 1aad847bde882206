/**
 * The broker topology in deploy/k8s must be what the code provisions and declares, so that the two
 * cannot drift apart: the users' permissions are `systemPermissions` of tools/suite/src/broker/provision.mjs
 * (what `npm start` grants), the exchanges, queues (with their arguments) and the dead-letter
 * binding are what `declareOwnTopology` declares at every connect, and the inbox bindings are the
 * consumers table (shared/contracts/src/consumers.json) the systems subscribe by.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { consumedEvents } from "@scs/contracts/consumers";
import type { SystemName } from "@scs/contracts/events";
import { deadLetterOf, exchangeOf, inboxQueueOf, systems, VHOST } from "@scs/contracts/topology";
import { bindingsFor, declareOwnTopology } from "@scs/messaging/topology";
import { provisionBroker, systemPermissions } from "@scs/suite/broker/provision";
import { describe, expect, it } from "vitest";
import { DELIVERY_LIMIT, TOPOLOGY_FILE, topologyYaml } from "../k8s/generate-topology.mjs";
import { isObject, type JsonObject, type Manifest } from "./manifest";
import { OVERLAYS } from "./render";
import { rendered } from "./rendered";

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * The delivery limit the systems run with: the runtime's default, as no system passes its own
 * (checked here too). Read from the source, since the default is not exported.
 */
function deliveryLimit(): number {
  const runtime = readFileSync(path.join(ROOT, "shared/messaging/src/runtime.ts"), "utf8");
  const match = /config\.deliveryLimit \?\? (\d+)/.exec(runtime);
  if (!match?.[1])
    throw new Error("shared/messaging/src/runtime.ts: the default delivery limit moved; update this test");
  for (const system of systems) {
    const start = readFileSync(path.join(ROOT, `systems/${system}/src/messaging/start.ts`), "utf8");
    expect(start, `${system} passes its own deliveryLimit: mirror it in deploy/k8s`).not.toMatch(
      /deliveryLimit/,
    );
  }
  return Number(match[1]);
}

interface ManagementCall {
  method: string;
  path: string;
  body: JsonObject | undefined;
}

/** What `npm start` provisions: provisionBroker() run against a management API that records. */
async function provisioned(): Promise<ManagementCall[]> {
  const calls: ManagementCall[] = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const apiPath = decodeURIComponent(new URL(String(input)).pathname.replace(/^\/api/, ""));
    const body = typeof init?.body === "string" ? (JSON.parse(init.body) as JsonObject) : undefined;
    calls.push({ method: init?.method ?? "GET", path: apiPath, body });
    return apiPath === "/whoami"
      ? Response.json({ name: "admin", tags: ["administrator"] })
      : new Response(null, { status: 204 });
  }) as typeof fetch;
  try {
    await provisionBroker({
      managementUrl: "http://broker.invalid:15672",
      adminUser: "admin",
      adminPassword: "unused",
      credentials: {
        systems: { catalog: "a", music: "b", store: "c" },
        admin: { user: "admin", password: "unused" },
      },
    });
  } finally {
    globalThis.fetch = realFetch;
  }
  return calls;
}

interface Declared {
  exchanges: { name: string; type: string; durable: boolean }[];
  queues: { name: string; durable: boolean; arguments: JsonObject }[];
  bindings: { queue: string; exchange: string; routingKey: string }[];
}

/** What a system declares on connecting, recorded from `declareOwnTopology` on a fake channel. */
async function declaredBy(system: SystemName, limit: number): Promise<Declared> {
  const declared: Declared = { exchanges: [], queues: [], bindings: [] };
  const channel = {
    async assertExchange(name: string, type: string, options: { durable?: boolean } = {}) {
      declared.exchanges.push({ name, type, durable: options.durable ?? true });
    },
    async assertQueue(name: string, options: { durable?: boolean; arguments?: JsonObject } = {}) {
      declared.queues.push({ name, durable: options.durable ?? true, arguments: options.arguments ?? {} });
    },
    async bindQueue(queue: string, exchange: string, routingKey: string) {
      declared.bindings.push({ queue, exchange, routingKey });
    },
  };
  await declareOwnTopology(channel as unknown as Parameters<typeof declareOwnTopology>[0], system, limit);
  return declared;
}

const specs = (docs: Manifest[], kind: string) =>
  docs.filter((d) => d.kind === kind).map((d) => ({ name: d.metadata.name, spec: d.spec as JsonObject }));

describe("base/rabbitmq/topology.yaml", () => {
  it("is what generate-topology.mjs writes (run `node deploy/k8s/generate-topology.mjs` after a change)", () => {
    expect(readFileSync(TOPOLOGY_FILE, "utf8")).toBe(topologyYaml());
  });

  it("uses the systems' delivery limit", () => {
    expect(DELIVERY_LIMIT).toBe(deliveryLimit());
  });
});

describe.each(OVERLAYS)("broker topology of overlay %s", (overlay) => {
  const docs = rendered(overlay);

  it("has the vhost and the users `npm start` provisions, with their tags and permissions", async () => {
    const calls = await provisioned();
    const put = (apiPath: string) => calls.find((c) => c.method === "PUT" && c.path === apiPath)?.body;
    expect(put(`/vhosts/${VHOST}`), "npm start creates the vhost").toBeDefined();
    expect(specs(docs, "Vhost").map((v) => v.spec.name)).toEqual([VHOST]);
    const users = specs(docs, "User");
    expect(users.map((u) => u.name).sort()).toEqual([...systems].sort());
    const permissions = specs(docs, "Permission");
    for (const system of systems) {
      const user = users.find((u) => u.name === system);
      // Its password from the system's Secret, which holds username = the system's name.
      expect(user?.spec.importCredentialsSecret).toEqual({ name: `${system}-broker` });
      const tags = String(put(`/users/${system}`)?.tags ?? "")
        .split(",")
        .filter(Boolean);
      expect(user?.spec.tags ?? [], `${system}'s tags`).toEqual(tags);
      const granted = permissions.find(
        (p) => isObject(p.spec.userReference) && p.spec.userReference.name === system,
      );
      expect(granted?.spec.permissions, `${system}'s permissions`).toEqual(
        put(`/permissions/${VHOST}/${system}`),
      );
    }
  });

  it("grants each system user exactly systemPermissions() of tools/suite/src/broker/provision.mjs", () => {
    const permissions = specs(docs, "Permission");
    expect(permissions).toHaveLength(systems.length);
    for (const system of systems) {
      const granted = permissions.filter(
        (p) => isObject(p.spec.userReference) && p.spec.userReference.name === system,
      );
      expect(granted, `one Permission for ${system}`).toHaveLength(1);
      expect(granted[0]?.spec.vhost).toBe(VHOST);
      expect(granted[0]?.spec.permissions, system).toEqual(systemPermissions(system));
    }
  });

  it("declares the exchanges, queues and dead-letter bindings the systems declare, with their arguments", async () => {
    const limit = deliveryLimit();
    const exchanges = specs(docs, "Exchange");
    const queues = specs(docs, "Queue");
    const bindings = specs(docs, "Binding");
    const expected: Declared = { exchanges: [], queues: [], bindings: [] };
    for (const system of systems) {
      const declared = await declaredBy(system, limit);
      expected.exchanges.push(...declared.exchanges);
      expected.queues.push(...declared.queues);
      expected.bindings.push(...declared.bindings);
      // The runtime binds the inbox to what the system consumes (runtime.ts, from its subscriptions,
      // which the systems' tests hold to the consumers table).
      for (const b of bindingsFor([...consumedEvents[system]])) {
        expected.bindings.push({
          queue: inboxQueueOf(system),
          exchange: b.exchange,
          routingKey: b.routingKey,
        });
      }
    }
    const byName = <T extends { name: string }>(list: T[]) =>
      [...list].sort((a, b) => a.name.localeCompare(b.name));
    expect(
      byName(
        exchanges.map((e) => ({
          name: String(e.spec.name),
          type: String(e.spec.type),
          durable: e.spec.durable === true,
        })),
      ),
    ).toEqual(byName(expected.exchanges));
    for (const e of exchanges) expect(e.spec.vhost, e.name).toBe(VHOST);
    expect(
      byName(
        queues.map((q) => ({
          name: String(q.spec.name),
          durable: q.spec.durable === true,
          // The operator turns `type` into the x-queue-type argument.
          arguments: {
            ...(isObject(q.spec.arguments) ? q.spec.arguments : {}),
            "x-queue-type": q.spec.type ?? null,
          },
        })),
      ),
    ).toEqual(byName(expected.queues));
    for (const q of queues) expect(q.spec.vhost, q.name).toBe(VHOST);
    const key = (b: { queue: string; exchange: string; routingKey: string }) =>
      `${b.exchange} -> ${b.queue} (${b.routingKey})`;
    expect(
      bindings
        .map((b) => {
          expect(b.spec.destinationType, b.name).toBe("queue");
          expect(b.spec.vhost, b.name).toBe(VHOST);
          return key({
            queue: String(b.spec.destination),
            exchange: String(b.spec.source),
            routingKey: String(b.spec.routingKey ?? ""),
          });
        })
        .sort(),
    ).toEqual(expected.bindings.map(key).sort());
  });

  it("gives each inbox a policy with the same delivery limit and dead-letter exchange", () => {
    const limit = deliveryLimit();
    const policies = specs(docs, "Policy");
    expect(policies).toHaveLength(systems.length);
    for (const system of systems) {
      const policy = policies.find((p) => new RegExp(String(p.spec.pattern)).test(inboxQueueOf(system)));
      expect(policy, `a policy for ${inboxQueueOf(system)}`).toBeDefined();
      expect(policy?.spec.vhost).toBe(VHOST);
      expect(
        new RegExp(String(policy?.spec.pattern)).test(deadLetterOf(system)),
        "not on the dead letters",
      ).toBe(false);
      expect(new RegExp(String(policy?.spec.pattern)).test(exchangeOf(system))).toBe(false);
      expect(policy?.spec.definition).toEqual({
        "delivery-limit": limit,
        "dead-letter-exchange": deadLetterOf(system),
      });
    }
  });
});
