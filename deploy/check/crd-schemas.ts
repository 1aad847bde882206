/**
 * Custom resources (the RabbitMQ operators' kinds) checked against the openAPI schemas of their
 * CustomResourceDefinitions, vendored in crds/ (see vendor-crds.ts). As an API server does with
 * strict field validation, an object schema that lists its properties refuses any other field
 * unless it says `x-kubernetes-preserve-unknown-fields`.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import { parse } from "yaml";
import { isObject, type Json, type Manifest } from "./manifest";

export const CRDS_DIR = path.join(import.meta.dirname, "crds");

interface VendoredCrd {
  group: string;
  kind: string;
  versions: { name: string; schema: Json }[];
}

/** Closes every object schema that lists its properties and does not preserve unknown fields. */
function strictObjects(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(strictObjects);
  if (!isObject(schema)) return schema;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(schema)) {
    // `properties` maps names to schemas: its keys are field names, not keywords.
    out[key] =
      key === "properties" && isObject(value)
        ? Object.fromEntries(Object.entries(value).map(([name, s]) => [name, strictObjects(s)]))
        : strictObjects(value);
  }
  if (
    isObject(out.properties) &&
    out.additionalProperties === undefined &&
    out["x-kubernetes-preserve-unknown-fields"] !== true
  ) {
    out.additionalProperties = false;
  }
  return out;
}

let validators: Map<string, ValidateFunction> | undefined;

function loadValidators(): Map<string, ValidateFunction> {
  // OpenAPI's `nullable`; the `x-kubernetes-*` extensions are only annotations here. Formats
  // (int32, date-time…) are not checked, as the API server checks few of them.
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  const map = new Map<string, ValidateFunction>();
  for (const file of readdirSync(CRDS_DIR).filter((f) => f.endsWith(".yaml"))) {
    const crd = parse(readFileSync(path.join(CRDS_DIR, file), "utf8")) as VendoredCrd;
    for (const version of crd.versions) {
      const schema = strictObjects(version.schema);
      if (!isObject(schema)) throw new Error(`${file}: ${version.name} has no schema`);
      map.set(`${crd.group}/${version.name}/${crd.kind}`, ajv.compile(schema));
    }
  }
  return map;
}

/** The custom resource kinds with a vendored schema, as `group/version/Kind`. */
export function knownCustomKinds(): string[] {
  validators ??= loadValidators();
  return [...validators.keys()];
}

/** Schema errors of a custom resource (none when valid). */
export function validateCustomResource(doc: Manifest): string[] {
  validators ??= loadValidators();
  const validate = validators.get(`${doc.apiVersion}/${doc.kind}`);
  if (!validate) {
    return [
      `no vendored CustomResourceDefinition schema for ${doc.apiVersion} ${doc.kind} (deploy/check/crds)`,
    ];
  }
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e) => {
    const where = e.instancePath.replaceAll("/", ".").replace(/^\./, "") || "(document)";
    const extra = e.keyword === "additionalProperties" ? ` (${String(e.params.additionalProperty)})` : "";
    return `${where} ${e.message ?? e.keyword}${extra}`;
  });
}
