/** Rendered Kubernetes documents, as plain JSON values. */
import { parseAllDocuments } from "yaml";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Manifest extends JsonObject {
  apiVersion: string;
  kind: string;
  metadata: JsonObject & { name: string };
}

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** `Kind/name` of a document, for messages. */
export const idOf = (doc: Manifest) => `${doc.kind}/${doc.metadata.name}`;

/** The documents of a multi-document YAML stream; empty documents are skipped. */
export function parseManifests(text: string, source = "manifests"): Manifest[] {
  const manifests: Manifest[] = [];
  for (const [index, document] of parseAllDocuments(text).entries()) {
    if (document.errors.length > 0) {
      throw new Error(
        `${source}: document ${index + 1}: ${document.errors.map((e) => e.message).join("; ")}`,
      );
    }
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    if (
      !isObject(value) ||
      typeof value.apiVersion !== "string" ||
      typeof value.kind !== "string" ||
      !isObject(value.metadata) ||
      typeof value.metadata.name !== "string"
    ) {
      throw new Error(
        `${source}: document ${index + 1} is not a Kubernetes object (apiVersion, kind, metadata.name)`,
      );
    }
    manifests.push(value as Manifest);
  }
  return manifests;
}

/** A deep copy to break on purpose in tests. */
export const cloneManifests = (docs: readonly Manifest[]): Manifest[] => structuredClone(docs) as Manifest[];
