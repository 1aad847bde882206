/**
 * Kubernetes' own kinds checked against the API's schemas (the `kubernetes-models` package: the
 * OpenAPI schemas of Kubernetes 1.3x compiled to validators). Those schemas accept any extra
 * field, while an API server with strict field validation (kubectl's default) refuses one; so the
 * document is validated through a Proxy that records which fields the validator reads, and a field
 * it never reads (`readinessprobe`, `runAsNonroot`, …) is reported as unknown.
 */
import { ObjectMeta } from "@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { isObject, type Json, type Manifest } from "./manifest";

interface Validating {
  prototype: { validate(): void };
}

/** The built-in kinds the manifests may use, by `apiVersion/kind`. Add one here to use it. */
const MODELS: Record<string, Validating> = {
  "v1/ConfigMap": ConfigMap,
  "v1/Namespace": Namespace,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "v1/ServiceAccount": ServiceAccount,
  "apps/v1/Deployment": Deployment,
  "apps/v1/StatefulSet": StatefulSet,
  "networking.k8s.io/v1/Ingress": Ingress,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
};

export const isBuiltInKind = (doc: Pick<Manifest, "apiVersion" | "kind">) =>
  `${doc.apiVersion}/${doc.kind}` in MODELS || !doc.apiVersion.includes(".");

interface Track {
  path: string;
  read: Set<string>;
  /** The validator listed the keys (a map such as `labels`): any key is fine. */
  listed: boolean;
}

function tracked(value: Json, path: string, tracks: Map<object, Track>): Json {
  if (value === null || typeof value !== "object") return value;
  const track: Track = { path, read: new Set(), listed: false };
  tracks.set(value, track);
  const children = new Map<string, Json>();
  return new Proxy(value, {
    get(target, key, receiver) {
      const child: unknown = Reflect.get(target, key, receiver);
      if (typeof key !== "string") return child;
      track.read.add(key);
      if (child === null || typeof child !== "object") return child;
      if (!children.has(key)) children.set(key, tracked(child as Json, `${path}.${key}`, tracks));
      return children.get(key);
    },
    has(target, key) {
      if (typeof key === "string") track.read.add(key);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      track.listed = true;
      return Reflect.ownKeys(target);
    },
  });
}

function unknownFields(value: Json, tracks: Map<object, Track>, out: string[]): string[] {
  if (value === null || typeof value !== "object") return out;
  if (Array.isArray(value)) {
    for (const item of value) unknownFields(item, tracks, out);
    return out;
  }
  const track = tracks.get(value);
  // Never reached by the validator: inside a free-form field, or below an unknown one.
  if (!track) return out;
  for (const [key, child] of Object.entries(value)) {
    if (!track.listed && !track.read.has(key)) out.push(`${track.path}.${key}`.replace(/^\./, ""));
    else unknownFields(child, tracks, out);
  }
  return out;
}

/** Validates with a model's validator and reports fields it does not know. */
export function validateWith(model: Validating, value: Json): string[] {
  const tracks = new Map<object, Track>();
  const proxy = tracked(value, "", tracks);
  const errors: string[] = [];
  try {
    model.prototype.validate.call(proxy);
  } catch (error) {
    errors.push((error as Error).message);
  }
  for (const field of unknownFields(value, tracks, [])) errors.push(`unknown field ${field}`);
  return errors;
}

/** Schema errors of a built-in kind (none when valid). */
export function validateBuiltIn(doc: Manifest): string[] {
  const model = MODELS[`${doc.apiVersion}/${doc.kind}`];
  if (!model) {
    return [
      `${doc.apiVersion} ${doc.kind} is not a kind these checks know (deploy/check/kubernetes-schemas.ts)`,
    ];
  }
  return validateWith(model, doc);
}

/** Object metadata of any kind (custom resources too). */
export const validateMetadata = (metadata: Json): string[] =>
  isObject(metadata)
    ? validateWith(ObjectMeta, metadata).map((e) => `metadata: ${e}`)
    : ["metadata must be an object"];
