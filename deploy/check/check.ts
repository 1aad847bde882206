/**
 * Every check of rendered manifests: the Kubernetes schemas for built-in kinds, the operators'
 * CRD schemas for custom resources, then the house rules.
 */
import { validateCustomResource } from "./crd-schemas";
import { checkHouseRules, type Violation } from "./house-rules";
import { isBuiltInKind, validateBuiltIn, validateMetadata } from "./kubernetes-schemas";
import { idOf, type Manifest } from "./manifest";

export interface Problem {
  /** `schema` or a house rule's id. */
  rule: Violation["rule"] | "schema";
  resource: string;
  message: string;
}

export function schemaProblems(docs: readonly Manifest[]): Problem[] {
  const problems: Problem[] = [];
  for (const doc of docs) {
    const errors = isBuiltInKind(doc)
      ? validateBuiltIn(doc)
      : [...validateMetadata(doc.metadata), ...validateCustomResource(doc)];
    for (const message of errors) problems.push({ rule: "schema", resource: idOf(doc), message });
  }
  return problems;
}

export const checkManifests = (docs: readonly Manifest[]): Problem[] => [
  ...schemaProblems(docs),
  ...checkHouseRules(docs),
];

export const formatProblems = (problems: readonly Problem[]) =>
  problems.map((p) => `  [${p.rule}] ${p.resource}: ${p.message}`).join("\n");
