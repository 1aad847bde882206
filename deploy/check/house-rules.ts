/**
 * The house rules of deploy/k8s, checked on rendered manifests. Each violation names its rule, the
 * resource and what is wrong; check.ts fails on any.
 */
import { idOf, isObject, type Json, type JsonObject, type Manifest } from "./manifest";

export const SYSTEMS = ["catalog", "music", "store"] as const;
/** A system exits within this many seconds of SIGTERM (shared/messaging/src/runtime.ts). */
export const DRAIN_SECONDS = 10;
export const READY_PATH = "/api/ready";
export const HEALTH_PATH = "/api/health";
/** Environment variables whose value is a secret: never written in a manifest. */
export const SECRET_NAME = /PASSWORD|SECRET|KEY|TOKEN|JWK|CREDENTIAL/i;
/** Settings whose names match SECRET_NAME but hold no secret. */
export const NOT_SECRET = new Set(["PASSWORD_HASH_CONCURRENCY"]);
const isSecretName = (name: string) => SECRET_NAME.test(name) && !NOT_SECRET.has(name);

export type RuleId =
  | "one-replica"
  | "probes"
  | "pre-stop"
  | "grace-period"
  | "resources"
  | "non-root"
  | "read-only-root"
  | "image-tag"
  | "no-inline-secrets"
  | "references";

export interface Violation {
  rule: RuleId;
  resource: string;
  message: string;
}

const WORKLOAD_KINDS = new Set([
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "ReplicaSet",
  "ReplicationController",
  "Job",
  "CronJob",
  "Pod",
]);

const obj = (value: Json | undefined): JsonObject => (isObject(value) ? value : {});
const list = (value: Json | undefined): Json[] => (Array.isArray(value) ? value : []);
const str = (value: Json | undefined): string | undefined => (typeof value === "string" ? value : undefined);

/** The pod template (or pod spec) of a workload, if it is one. */
function podSpecOf(doc: Manifest): JsonObject | undefined {
  if (!WORKLOAD_KINDS.has(doc.kind)) return undefined;
  if (doc.kind === "Pod") return obj(doc.spec);
  if (doc.kind === "CronJob") return obj(obj(obj(obj(obj(doc.spec).jobTemplate).spec).template).spec);
  return obj(obj(obj(doc.spec).template).spec);
}

const containersOf = (pod: JsonObject): JsonObject[] =>
  [...list(pod.initContainers), ...list(pod.containers)].filter(isObject);

const systemOf = (doc: Manifest): string | undefined => {
  const labels = obj(obj(doc.metadata).labels);
  const name = str(labels["app.kubernetes.io/name"]) ?? doc.metadata.name;
  return (SYSTEMS as readonly string[]).includes(name) ? name : undefined;
};

/** Seconds a preStop hook holds the pod before SIGTERM: `sleep N` (exec or the sleep action). */
export function preStopSeconds(container: JsonObject): number | undefined {
  const preStop = obj(obj(container.lifecycle).preStop);
  const sleep = obj(preStop.sleep).seconds;
  if (typeof sleep === "number") return sleep;
  const command = list(obj(preStop.exec).command).map(String).join(" ");
  const match = /(?:^|\s|;|&&)sleep\s+(\d+(?:\.\d+)?)/.exec(command);
  if (match?.[1]) return Number(match[1]);
  return Object.keys(preStop).length > 0 ? 0 : undefined;
}

/** Tag of an image reference (undefined: untagged); a digest counts as pinned. */
export function imageTag(image: string): string | undefined {
  if (image.includes("@sha256:")) return "@digest";
  const lastSlash = image.lastIndexOf("/");
  const colon = image.indexOf(":", lastSlash + 1);
  return colon === -1 ? undefined : image.slice(colon + 1);
}

function checkImage(image: Json | undefined, resource: string, where: string, out: Violation[]) {
  if (typeof image !== "string" || image === "") {
    out.push({ rule: "image-tag", resource, message: `${where}: no image` });
    return;
  }
  const tag = imageTag(image);
  if (tag === undefined)
    out.push({ rule: "image-tag", resource, message: `${where}: image ${image} has no tag` });
  else if (tag === "latest")
    out.push({ rule: "image-tag", resource, message: `${where}: image ${image} uses "latest"` });
}

/** A URL with a password written into it (`amqp://user:pw@host`), not composed from `$(VAR)`. */
const INLINE_URL_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/@:\s]*:(?!\$\()[^@\s]+@/i;

/**
 * The Secret and key a file path reads, when it lies in a Secret volume mounted into the container
 * (the systems read `<NAME>_FILE`); undefined otherwise.
 */
export function secretFileOf(
  pod: JsonObject,
  container: JsonObject,
  file: string,
): { secret: string; key: string } | undefined {
  for (const mount of list(container.volumeMounts).filter(isObject)) {
    const dir = str(mount.mountPath);
    if (!dir || !file.startsWith(`${dir.replace(/\/$/, "")}/`)) continue;
    const volume = list(pod.volumes)
      .filter(isObject)
      .find((v) => v.name === mount.name);
    const secret = obj(volume?.secret);
    const secretName = str(secret.secretName);
    if (!secretName) return undefined;
    const relative = file.slice(dir.replace(/\/$/, "").length + 1);
    const items = list(secret.items).filter(isObject);
    const key = items.length === 0 ? relative : str(items.find((i) => i.path === relative)?.key);
    return key ? { secret: secretName, key } : undefined;
  }
  return undefined;
}

function checkEnv(pod: JsonObject, container: JsonObject, resource: string, where: string, out: Violation[]) {
  for (const entry of list(container.env).filter(isObject)) {
    const name = str(entry.name) ?? "";
    const value = entry.value;
    if (name.endsWith("_FILE") && isSecretName(name.slice(0, -"_FILE".length))) {
      // A secret given as a file: the value is a path, which must lie in a mounted Secret.
      if (typeof value !== "string" || !secretFileOf(pod, container, value)) {
        out.push({
          rule: "no-inline-secrets",
          resource,
          message: `${where}: env ${name} must name a file of a mounted Secret`,
        });
      }
      continue;
    }
    if (isSecretName(name) && value !== undefined) {
      out.push({
        rule: "no-inline-secrets",
        resource,
        message: `${where}: env ${name} has an inline value; use valueFrom.secretKeyRef`,
      });
    }
    if (isSecretName(name) && isObject(entry.valueFrom) && !isObject(entry.valueFrom.secretKeyRef)) {
      out.push({
        rule: "no-inline-secrets",
        resource,
        message: `${where}: env ${name} must come from a Secret (secretKeyRef)`,
      });
    }
    if (typeof value === "string" && INLINE_URL_PASSWORD.test(value)) {
      out.push({
        rule: "no-inline-secrets",
        resource,
        message: `${where}: env ${name} writes a password into a URL; compose it from $(VAR) of a Secret`,
      });
    }
  }
}

/**
 * Every container: pinned image, no secret values, non-root, read-only root, resources. A system's
 * serving container also: its probes, preStop and a grace period past the drain.
 */
function checkContainer(
  doc: Manifest,
  pod: JsonObject,
  container: JsonObject,
  serving: boolean,
  out: Violation[],
) {
  const resource = idOf(doc);
  const where = `container ${str(container.name) ?? "?"}`;
  checkImage(container.image, resource, where, out);
  checkEnv(pod, container, resource, where, out);

  const security = obj(container.securityContext);
  const podSecurity = obj(pod.securityContext);
  const runAsNonRoot = security.runAsNonRoot ?? podSecurity.runAsNonRoot;
  const runAsUser = security.runAsUser ?? podSecurity.runAsUser;
  if (runAsNonRoot !== true)
    out.push({ rule: "non-root", resource, message: `${where}: runAsNonRoot is not true` });
  if (runAsUser === 0) out.push({ rule: "non-root", resource, message: `${where}: runAsUser is 0 (root)` });
  if (security.allowPrivilegeEscalation !== false) {
    out.push({ rule: "non-root", resource, message: `${where}: allowPrivilegeEscalation is not false` });
  }
  if (security.privileged === true) out.push({ rule: "non-root", resource, message: `${where}: privileged` });
  if (security.readOnlyRootFilesystem !== true) {
    out.push({ rule: "read-only-root", resource, message: `${where}: readOnlyRootFilesystem is not true` });
  }

  const resources = obj(container.resources);
  for (const [section, key] of [
    ["requests", "cpu"],
    ["requests", "memory"],
    ["limits", "memory"],
  ] as const) {
    if (obj(resources[section])[key] === undefined) {
      out.push({ rule: "resources", resource, message: `${where}: no resources.${section}.${key}` });
    }
  }
  if (!serving) return;

  const ports = new Set(
    list(container.ports)
      .filter(isObject)
      .flatMap((p) => [str(p.name), p.containerPort]),
  );
  for (const [probe, path] of [
    ["readinessProbe", READY_PATH],
    ["livenessProbe", HEALTH_PATH],
  ] as const) {
    const get = obj(obj(container[probe]).httpGet);
    if (get.path !== path) {
      out.push({ rule: "probes", resource, message: `${where}: ${probe} must be an HTTP GET of ${path}` });
    } else if (!ports.has(get.port ?? null)) {
      out.push({
        rule: "probes",
        resource,
        message: `${where}: ${probe} port ${String(get.port)} is not a container port`,
      });
    }
  }

  const preStop = preStopSeconds(container);
  if (preStop === undefined) {
    out.push({
      rule: "pre-stop",
      resource,
      message: `${where}: no lifecycle.preStop (the endpoint must go before SIGTERM)`,
    });
  }
  const grace = pod.terminationGracePeriodSeconds;
  const needed = (preStop ?? 0) + DRAIN_SECONDS;
  if (typeof grace !== "number") {
    out.push({
      rule: "grace-period",
      resource,
      message: `${where}: terminationGracePeriodSeconds is not set`,
    });
  } else if (grace <= needed) {
    out.push({
      rule: "grace-period",
      resource,
      message: `${where}: terminationGracePeriodSeconds ${grace} is not longer than preStop ${preStop ?? 0} s + drain ${DRAIN_SECONDS} s`,
    });
  }
}

/** DATA_DIR must be a mounted volume that survives the pod: one of the StatefulSet's claims. */
function checkDataVolume(doc: Manifest, pod: JsonObject, out: Violation[]) {
  const claims = new Set(list(obj(doc.spec).volumeClaimTemplates).map((t) => str(obj(obj(t).metadata).name)));
  for (const container of list(pod.containers).filter(isObject)) {
    const dataDir = list(container.env)
      .filter(isObject)
      .find((e) => e.name === "DATA_DIR")?.value;
    const where = `container ${str(container.name) ?? "?"}`;
    if (typeof dataDir !== "string") {
      out.push({ rule: "read-only-root", resource: idOf(doc), message: `${where}: no DATA_DIR` });
      continue;
    }
    const mount = list(container.volumeMounts)
      .filter(isObject)
      .find((m) => m.mountPath === dataDir);
    if (!mount || !claims.has(str(mount.name)) || mount.readOnly === true) {
      out.push({
        rule: "read-only-root",
        resource: idOf(doc),
        message: `${where}: DATA_DIR ${dataDir} is not a writable volume from volumeClaimTemplates`,
      });
    }
  }
}

function checkReferences(docs: readonly Manifest[], out: Violation[]) {
  const named = (kind: string) => new Set(docs.filter((d) => d.kind === kind).map((d) => d.metadata.name));
  const services = named("Service");
  const clusters = named("RabbitmqCluster");
  const users = named("User");
  for (const doc of docs) {
    const spec = obj(doc.spec);
    if (doc.kind === "StatefulSet" && !services.has(str(spec.serviceName) ?? "")) {
      out.push({
        rule: "references",
        resource: idOf(doc),
        message: `serviceName ${String(spec.serviceName)} is no Service`,
      });
    }
    if (doc.kind === "Service") {
      const selector = obj(spec.selector);
      const matches = docs.some((d) => {
        const labels = obj(obj(obj(obj(d.spec).template).metadata).labels);
        return (
          Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v)
        );
      });
      if (!matches)
        out.push({
          rule: "references",
          resource: idOf(doc),
          message: "its selector matches no pod template",
        });
    }
    if (doc.kind === "Ingress") {
      for (const rule of list(spec.rules).filter(isObject)) {
        for (const p of list(obj(rule.http).paths).filter(isObject)) {
          const name = str(obj(obj(p.backend).service).name) ?? "";
          if (!services.has(name))
            out.push({ rule: "references", resource: idOf(doc), message: `backend ${name} is no Service` });
        }
      }
    }
    if (doc.apiVersion.startsWith("rabbitmq.com/") && doc.kind !== "RabbitmqCluster") {
      const cluster = str(obj(spec.rabbitmqClusterReference).name) ?? "";
      if (!clusters.has(cluster)) {
        out.push({
          rule: "references",
          resource: idOf(doc),
          message: `rabbitmqClusterReference ${cluster} is no RabbitmqCluster`,
        });
      }
    }
    if (doc.kind === "Permission") {
      const user = str(obj(spec.userReference).name);
      if (user !== undefined && !users.has(user))
        out.push({ rule: "references", resource: idOf(doc), message: `userReference ${user} is no User` });
    }
  }
}

export function checkHouseRules(docs: readonly Manifest[]): Violation[] {
  const out: Violation[] = [];
  const seen = new Map<string, number>();
  for (const doc of docs) {
    const resource = idOf(doc);
    if (doc.kind === "Secret" && (doc.data !== undefined || doc.stringData !== undefined)) {
      out.push({
        rule: "no-inline-secrets",
        resource,
        message: "a Secret with data in the manifests; reference a Secret created outside them",
      });
    }
    if (doc.kind === "ConfigMap") {
      for (const key of Object.keys({ ...obj(doc.data), ...obj(doc.binaryData) })) {
        if (isSecretName(key))
          out.push({
            rule: "no-inline-secrets",
            resource,
            message: `ConfigMap key ${key} looks like a secret`,
          });
      }
    }
    if (doc.kind === "RabbitmqCluster") checkImage(obj(doc.spec).image, resource, "spec.image", out);
    const scaled =
      doc.kind === "HorizontalPodAutoscaler" ? str(obj(obj(doc.spec).scaleTargetRef).name) : undefined;
    if (scaled && (SYSTEMS as readonly string[]).includes(scaled)) {
      out.push({
        rule: "one-replica",
        resource,
        message: `${scaled} must not be autoscaled (one SQLite writer)`,
      });
    }

    const pod = podSpecOf(doc);
    if (!pod) continue;
    const system = systemOf(doc);
    if (system) {
      seen.set(system, (seen.get(system) ?? 0) + 1);
      if (doc.kind !== "StatefulSet") {
        out.push({
          rule: "one-replica",
          resource,
          message: `${system} must be a StatefulSet (one writer, never two pods at once)`,
        });
      } else if (obj(doc.spec).replicas !== 1) {
        out.push({
          rule: "one-replica",
          resource,
          message: `replicas must be exactly 1 (SQLite has one writer), not ${String(obj(doc.spec).replicas)}`,
        });
      }
      if (doc.kind === "StatefulSet") checkDataVolume(doc, pod, out);
    }
    for (const container of list(pod.initContainers).filter(isObject))
      checkContainer(doc, pod, container, false, out);
    for (const container of list(pod.containers).filter(isObject))
      checkContainer(doc, pod, container, system !== undefined, out);
    if (containersOf(pod).length === 0) out.push({ rule: "probes", resource, message: "no containers" });
  }
  for (const system of SYSTEMS) {
    const count = seen.get(system) ?? 0;
    if (count !== 1)
      out.push({
        rule: "one-replica",
        resource: system,
        message: `${count} workloads for ${system}; exactly one StatefulSet expected`,
      });
  }
  checkReferences(docs, out);
  return out;
}
