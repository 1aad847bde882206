/**
 * The overlays as `kubectl kustomize` renders them pass every check, and each check fails on a
 * manifest broken on purpose: a rule that cannot fail would protect nothing.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { RA_WAL_MAX_SIZE_BYTES } from "@scs/suite/broker/node";
import { describe, expect, it } from "vitest";
import { checkManifests, formatProblems, type Problem } from "./check";
import { DRAIN_SECONDS, imageTag, SYSTEMS } from "./house-rules";
import { cloneManifests, type Json, type JsonObject, type Manifest } from "./manifest";
import { OVERLAYS } from "./render";
import { rendered } from "./rendered";

const find = (docs: Manifest[], kind: string, name: string): Manifest => {
  const doc = docs.find((d) => d.kind === kind && d.metadata.name === name);
  if (!doc) throw new Error(`no ${kind}/${name}`);
  return doc;
};
const at = (value: Json | undefined, ...path: (string | number)[]): JsonObject => {
  let node: Json | undefined = value;
  for (const key of path) node = (node as Record<string | number, Json> | undefined)?.[key];
  if (typeof node !== "object" || node === null || Array.isArray(node))
    throw new Error(`nothing at ${path.join(".")}`);
  return node;
};
const podOf = (docs: Manifest[], system: string) =>
  at(find(docs, "StatefulSet", system), "spec", "template", "spec");
const containerOf = (docs: Manifest[], system: string) => at(podOf(docs, system), "containers", 0);
const envOf = (docs: Manifest[], system: string) => containerOf(docs, system).env as JsonObject[];

/** The prod overlay, broken by `breakIt`, must show a problem of `rule` on `resource`. */
function expectCaught(rule: Problem["rule"], resource: string, breakIt: (docs: Manifest[]) => void) {
  const docs = cloneManifests(rendered("prod"));
  breakIt(docs);
  const problems = checkManifests(docs);
  expect(
    problems.some((p) => p.rule === rule && p.resource === resource),
    `expected [${rule}] on ${resource}; found:\n${formatProblems(problems) || "  nothing"}`,
  ).toBe(true);
}

describe.each(OVERLAYS)("overlay %s", (overlay) => {
  it("renders and passes the schemas and the house rules", () => {
    const docs = rendered(overlay);
    expect(formatProblems(checkManifests(docs))).toBe("");
    for (const system of SYSTEMS) {
      expect(find(docs, "StatefulSet", system).spec).toMatchObject({ replicas: 1 });
      find(docs, "Service", system);
    }
    const namespace = overlay === "dev" ? "scs-dev" : "scs";
    expect(docs.filter((d) => d.kind !== "Namespace").every((d) => d.metadata.namespace === namespace)).toBe(
      true,
    );
  });
});

describe("the overlays' differences", () => {
  it("runs one broker node in dev and three in prod, quorum queues kept on all three", () => {
    expect(find(rendered("dev"), "RabbitmqCluster", "broker").spec).toMatchObject({ replicas: 1 });
    expect(find(rendered("prod"), "RabbitmqCluster", "broker").spec).toMatchObject({ replicas: 3 });
    for (const overlay of OVERLAYS) {
      const config = String(
        at(find(rendered(overlay), "RabbitmqCluster", "broker").spec, "rabbitmq").additionalConfig,
      );
      expect(config, overlay).toMatch(/^consumer_timeout = 1800000$/m);
    }
    const prod = String(
      at(find(rendered("prod"), "RabbitmqCluster", "broker").spec, "rabbitmq").additionalConfig,
    );
    expect(prod).toMatch(/^quorum_queue\.continuous_membership_reconciliation\.enabled = true$/m);
    expect(prod).toMatch(/^quorum_queue\.continuous_membership_reconciliation\.target_group_size = 3$/m);
  });

  it("rolls the broker's quorum WAL over at the size the suite's own brokers use, as docker-compose.yml does", () => {
    const walLine = new RegExp(`^\\s*raft\\.wal_max_size_bytes = ${RA_WAL_MAX_SIZE_BYTES}$`, "m");
    for (const overlay of OVERLAYS) {
      const config = at(
        find(rendered(overlay), "RabbitmqCluster", "broker").spec,
        "rabbitmq",
      ).additionalConfig;
      expect(String(config), overlay).toMatch(walLine);
    }
    const compose = readFileSync(path.resolve(import.meta.dirname, "../../docker-compose.yml"), "utf8");
    expect(compose).toMatch(walLine);
  });

  it("routes the front door's one host through the Ingress in prod, over TLS", () => {
    const ingress = find(rendered("prod"), "Ingress", "suite");
    const rules = (ingress.spec as { rules: { host: string; http: { paths: JsonObject[] } }[] }).rules;
    expect(rules.map((r) => r.host)).toEqual(["shop.example.com"]);
    expect(at(ingress.spec, "tls", 0).hosts).toEqual(["shop.example.com"]);
    expect(at(ingress.spec, "tls", 0).secretName).toBe("scs-tls");
    const urls = at(find(rendered("prod"), "ConfigMap", findConfigMapName(rendered("prod"))), "data");
    expect(urls).toMatchObject({
      CATALOG_URL: "https://catalog.example.com",
      STORE_URL: "https://store.example.com",
      FRONT_DOOR_URL: "https://shop.example.com",
    });
  });

  it("serves dev from localhost (one host: the session cookie reaches every system), without an Ingress", () => {
    const docs = rendered("dev");
    expect(docs.some((d) => d.kind === "Ingress")).toBe(false);
    expect(at(find(docs, "ConfigMap", findConfigMapName(docs)), "data")).toMatchObject({
      CATALOG_URL: "http://localhost:3001",
      MUSIC_URL: "http://localhost:3002",
      STORE_URL: "http://localhost:3003",
    });
  });

  it("pins release images in prod", () => {
    for (const system of SYSTEMS) {
      expect(containerOf(rendered("prod"), system).image).toBe(
        `registry.example.com/scs-suite/${system}:1.0.0`,
      );
    }
  });
});

function findConfigMapName(docs: Manifest[]): string {
  const map = docs.find((d) => d.kind === "ConfigMap" && d.metadata.name.startsWith("suite-"));
  if (!map) throw new Error("no suite ConfigMap");
  return map.metadata.name;
}

describe("a broken manifest fails its check", () => {
  it("schema: an unknown field, a wrong type, a missing required field", () => {
    expectCaught("schema", "StatefulSet/catalog", (docs) => {
      const container = containerOf(docs, "catalog");
      container.readinessprobe = container.readinessProbe ?? null;
    });
    expectCaught("schema", "StatefulSet/music", (docs) => {
      at(find(docs, "StatefulSet", "music"), "spec").serviceName = 3;
    });
    expectCaught("schema", "Service/store", (docs) => {
      at(find(docs, "Service", "store"), "spec", "ports", 0).port = "http";
    });
    expectCaught("schema", "Ingress/suite", (docs) => {
      delete at(find(docs, "Ingress", "suite"), "spec", "rules", 0, "http", "paths", 0).pathType;
    });
  });

  it("schema: the operators' CRDs (unknown field, enum, type)", () => {
    expectCaught("schema", "Queue/catalog-inbox", (docs) => {
      at(find(docs, "Queue", "catalog-inbox"), "spec").deadLetterExchange = "catalog.dead-letters";
    });
    expectCaught("schema", "Policy/store-inbox", (docs) => {
      at(find(docs, "Policy", "store-inbox"), "spec").applyTo = "quorum-queues";
    });
    expectCaught("schema", "RabbitmqCluster/broker", (docs) => {
      at(find(docs, "RabbitmqCluster", "broker"), "spec").replicas = "3";
    });
    expectCaught("schema", "Permission/music", (docs) => {
      delete at(find(docs, "Permission", "music"), "spec").vhost;
    });
  });

  it("one-replica: two replicas, a Deployment, an autoscaler, a missing system", () => {
    expectCaught("one-replica", "StatefulSet/catalog", (docs) => {
      at(find(docs, "StatefulSet", "catalog"), "spec").replicas = 2;
    });
    expectCaught("one-replica", "Deployment/music", (docs) => {
      find(docs, "StatefulSet", "music").kind = "Deployment";
    });
    expectCaught("one-replica", "HorizontalPodAutoscaler/store", (docs) => {
      docs.push({
        apiVersion: "autoscaling/v2",
        kind: "HorizontalPodAutoscaler",
        metadata: { name: "store" },
        spec: {
          scaleTargetRef: { apiVersion: "apps/v1", kind: "StatefulSet", name: "store" },
          maxReplicas: 3,
        },
      });
    });
    expectCaught("one-replica", "store", (docs) => {
      docs.splice(docs.indexOf(find(docs, "StatefulSet", "store")), 1);
    });
  });

  it("probes: readiness missing, liveness on the wrong path, a port the container lacks", () => {
    expectCaught("probes", "StatefulSet/catalog", (docs) => {
      delete containerOf(docs, "catalog").readinessProbe;
    });
    expectCaught("probes", "StatefulSet/music", (docs) => {
      at(containerOf(docs, "music"), "livenessProbe", "httpGet").path = "/";
    });
    expectCaught("probes", "StatefulSet/store", (docs) => {
      at(containerOf(docs, "store"), "readinessProbe", "httpGet").port = "web";
    });
  });

  it("pre-stop: no preStop hook", () => {
    expectCaught("pre-stop", "StatefulSet/store", (docs) => {
      delete containerOf(docs, "store").lifecycle;
    });
  });

  it("grace-period: not longer than preStop + the drain, or not set", () => {
    expectCaught("grace-period", "StatefulSet/catalog", (docs) => {
      podOf(docs, "catalog").terminationGracePeriodSeconds = 5 + DRAIN_SECONDS;
    });
    expectCaught("grace-period", "StatefulSet/music", (docs) => {
      at(containerOf(docs, "music"), "lifecycle", "preStop", "exec").command = ["sleep", "25"];
    });
    expectCaught("grace-period", "StatefulSet/store", (docs) => {
      delete podOf(docs, "store").terminationGracePeriodSeconds;
    });
  });

  it("resources: no memory limit, no cpu request", () => {
    expectCaught("resources", "StatefulSet/catalog", (docs) => {
      delete at(containerOf(docs, "catalog"), "resources", "limits").memory;
    });
    expectCaught("resources", "StatefulSet/store", (docs) => {
      delete containerOf(docs, "store").resources;
    });
  });

  it("non-root: runAsNonRoot off, uid 0, privilege escalation", () => {
    expectCaught("non-root", "StatefulSet/catalog", (docs) => {
      at(podOf(docs, "catalog"), "securityContext").runAsNonRoot = false;
      at(containerOf(docs, "catalog"), "securityContext").runAsNonRoot = false;
    });
    expectCaught("non-root", "StatefulSet/music", (docs) => {
      at(containerOf(docs, "music"), "securityContext").runAsUser = 0;
    });
    expectCaught("non-root", "StatefulSet/store", (docs) => {
      at(containerOf(docs, "store"), "securityContext").allowPrivilegeEscalation = true;
    });
  });

  it("read-only-root: a writable root filesystem, DATA_DIR not on the claimed volume", () => {
    expectCaught("read-only-root", "StatefulSet/catalog", (docs) => {
      at(containerOf(docs, "catalog"), "securityContext").readOnlyRootFilesystem = false;
    });
    expectCaught("read-only-root", "StatefulSet/music", (docs) => {
      const env = envOf(docs, "music").find((e) => e.name === "DATA_DIR");
      if (env) env.value = "/tmp/data";
    });
  });

  it("image-tag: untagged, latest, a registry port that is not a tag, the broker's image", () => {
    expect(imageTag("localhost:5000/scs-suite/catalog")).toBeUndefined();
    expect(imageTag("rabbitmq:3.13.7-management")).toBe("3.13.7-management");
    expectCaught("image-tag", "StatefulSet/catalog", (docs) => {
      containerOf(docs, "catalog").image = "registry.example.com:5000/scs-suite/catalog";
    });
    expectCaught("image-tag", "StatefulSet/music", (docs) => {
      containerOf(docs, "music").image = "scs-suite/music:latest";
    });
    expectCaught("image-tag", "RabbitmqCluster/broker", (docs) => {
      at(find(docs, "RabbitmqCluster", "broker"), "spec").image = "rabbitmq";
    });
  });

  it("no-inline-secrets: a password value, a key file outside a Secret, a Secret with data, a key in a ConfigMap, a password in a URL", () => {
    expectCaught("no-inline-secrets", "StatefulSet/store", (docs) => {
      envOf(docs, "store").push({ name: "ADMIN_PASSWORD", value: "admin-password" });
    });
    expectCaught("no-inline-secrets", "StatefulSet/catalog", (docs) => {
      envOf(docs, "catalog").push({ name: "SESSION_PRIVATE_JWK", value: '{"kty":"EC"}' });
    });
    expectCaught("no-inline-secrets", "StatefulSet/music", (docs) => {
      const env = envOf(docs, "music").find((e) => e.name === "AMQP_URL");
      if (env) env.value = "amqp://music:music-dev-password@broker:5672/scs";
    });
    expectCaught("no-inline-secrets", "StatefulSet/store", (docs) => {
      const env = envOf(docs, "store").find((e) => e.name === "SESSION_PRIVATE_JWK_FILE");
      if (!env) throw new Error("no SESSION_PRIVATE_JWK_FILE");
      env.value = "/data/private-jwk";
    });
    expectCaught("no-inline-secrets", "Secret/store-admin", (docs) => {
      docs.push({
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "store-admin" },
        stringData: { password: "x" },
      });
    });
    expectCaught("no-inline-secrets", `ConfigMap/${findConfigMapName(rendered("prod"))}`, (docs) => {
      at(find(docs, "ConfigMap", findConfigMapName(docs)), "data").ADMIN_PASSWORD = "admin-password";
    });
  });

  it("references: an Ingress backend and a cluster reference that name nothing", () => {
    expectCaught("references", "Ingress/suite", (docs) => {
      at(find(docs, "Ingress", "suite"), "spec", "rules", 0, "http", "paths", 0, "backend", "service").name =
        "catalogue";
    });
    expectCaught("references", "Queue/store-inbox", (docs) => {
      at(find(docs, "Queue", "store-inbox"), "spec", "rabbitmqClusterReference").name = "rabbitmq";
    });
  });
});
