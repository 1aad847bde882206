/**
 * Vendors the openAPI schemas of the RabbitMQ operators' CustomResourceDefinitions into crds/,
 * without their descriptions (the part the manifest checks need). Run it when an operator is
 * upgraded, with the CRD files of the version you deploy:
 *
 *   npx tsx deploy/check/vendor-crds.ts <source label> <crd.yaml>…
 *
 * e.g. the source label `rabbitmq/cluster-operator@<commit>` and its
 * config/crd/bases/rabbitmq.com_rabbitmqclusters.yaml.
 *
 * RabbitmqCluster's `spec.override` (a whole StatefulSet and Service schema, most of the file) is
 * kept as a free-form object: the manifests do not use it, and the Kubernetes schemas cover those.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse, stringify } from "yaml";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const withoutDescriptions = (node: Json): Json => {
  if (Array.isArray(node)) return node.map(withoutDescriptions);
  if (node === null || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => key !== "description")
      .map(([key, value]) => [key, withoutDescriptions(value)]),
  );
};

/** Subtrees kept as free-form objects: `spec.override` of RabbitmqCluster (see above). */
const pruned = (kind: string, schema: Json): Json => {
  if (kind !== "RabbitmqCluster" || schema === null || typeof schema !== "object" || Array.isArray(schema)) {
    return schema;
  }
  const spec = (schema.properties as { [key: string]: Json } | undefined)?.spec as { [key: string]: Json };
  const specProperties = spec.properties as { [key: string]: Json };
  specProperties.override = { type: "object", "x-kubernetes-preserve-unknown-fields": true };
  return schema;
};

interface Crd {
  spec: {
    group: string;
    names: { kind: string; plural: string };
    versions: { name: string; served: boolean; schema: { openAPIV3Schema: Json } }[];
  };
}

const [source, ...files] = process.argv.slice(2);
if (!source || files.length === 0) {
  console.error("usage: tsx deploy/check/vendor-crds.ts <source label> <crd.yaml>…");
  process.exit(2);
}
for (const file of files) {
  const crd = parse(readFileSync(file, "utf8")) as Crd;
  const { group, names } = crd.spec;
  const vendored = {
    group,
    kind: names.kind,
    versions: crd.spec.versions
      .filter((v) => v.served)
      .map((v) => ({
        name: v.name,
        schema: pruned(names.kind, withoutDescriptions(v.schema.openAPIV3Schema)),
      })),
  };
  const out = path.join(import.meta.dirname, "crds", `${names.plural}.${group}.yaml`);
  const header = [
    `# ${names.kind} (${group}): the openAPIV3Schema of its CustomResourceDefinition, descriptions removed.`,
    `# From ${source}, config/crd/bases/${path.basename(file)};`,
    "# licensed under the Mozilla Public License 2.0 (https://mozilla.org/MPL/2.0/), like the operator",
    "# it comes from. Regenerate with deploy/check/vendor-crds.ts; do not edit by hand.",
  ].join("\n");
  writeFileSync(out, `${header}\n${stringify(vendored, { lineWidth: 0 })}`);
  console.log(
    `${path.relative(process.cwd(), out)}: ${names.kind} ${vendored.versions.map((v) => v.name).join(", ")}`,
  );
}
