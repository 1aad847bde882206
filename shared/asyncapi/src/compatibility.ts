/**
 * The compatibility check: the committed asyncapi.json is the last published contract. For every
 * event type and schema version in it, the code's schema of the same version must stay compatible
 * both ways (see `incompatibilities`), so that no consumer, and no event already waiting in an
 * outbox, a queue or a dead-letter queue, is broken by a change. A breaking change needs a new
 * version, and the old version stays in the contract next to it.
 *
 * The rules are sound for the JSON Schema draft-07 that zod writes, and deliberately simple: no
 * removed properties, no type changes (integer → number only widens), no new required
 * properties, no narrowed or widened enum/const, no moved minimum or maximum (numbers, lengths,
 * item counts), no new or changed pattern/format/multipleOf. Optional properties may be added.
 * Any other constraint that appears or changes is reported, since it cannot be proven compatible.
 */
import type { AsyncApiDocument, JsonSchema } from "./document";

const ANNOTATIONS = new Set([
  "$schema",
  "$id",
  "$comment",
  "title",
  "description",
  "default",
  "examples",
  "deprecated",
  "readOnly",
  "writeOnly",
]);
const HANDLED = new Set([
  "type",
  "enum",
  "const",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "minimum",
  "exclusiveMinimum",
  "maximum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "minProperties",
  "maxProperties",
  "pattern",
  "format",
  "multipleOf",
  "uniqueItems",
]);

const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const show = (value: unknown) => JSON.stringify(value);
const num = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);
const types = (schema: JsonSchema): string[] | undefined =>
  typeof schema.type === "string"
    ? [schema.type]
    : Array.isArray(schema.type)
      ? schema.type.filter((t): t is string => typeof t === "string")
      : undefined;
const allowed = (schema: JsonSchema): unknown[] | undefined =>
  "const" in schema ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : undefined;

type Bound = { value: number; exclusive: boolean };
const lower = (s: JsonSchema): Bound | undefined => {
  const min = num(s.minimum);
  const xmin = num(s.exclusiveMinimum);
  if (min === undefined && xmin === undefined) return undefined;
  if (min === undefined) return { value: xmin as number, exclusive: true };
  if (xmin === undefined || min > xmin) return { value: min, exclusive: false };
  return { value: xmin, exclusive: true };
};
const upper = (s: JsonSchema): Bound | undefined => {
  const max = num(s.maximum);
  const xmax = num(s.exclusiveMaximum);
  if (max === undefined && xmax === undefined) return undefined;
  if (max === undefined) return { value: xmax as number, exclusive: true };
  if (xmax === undefined || max < xmax) return { value: max, exclusive: false };
  return { value: xmax, exclusive: true };
};
const showBound = (b: Bound | undefined, side: "min" | "max") =>
  b === undefined
    ? "none"
    : `${side === "min" ? (b.exclusive ? ">" : "≥") : b.exclusive ? "<" : "≤"} ${b.value}`;

/** Which schema is which in a line of the report. */
export interface Roles {
  /** The schema whose every message must be accepted. */
  accepted: string;
  /** The schema that must accept them. */
  accepting: string;
}

const BACKWARD: Roles = { accepted: "published", accepting: "now" };

/**
 * Where `accepting` refuses something `accepted` accepts: one line per constraint, each naming the
 * path of the field (`data.lines[].quantity`) and both sides, labelled by their roles.
 * With `ignoreAddedProperties`, a property `accepting` does not know is no finding: the consumers
 * strip unknown properties (zod objects are not strict, and the document never closes them).
 */
export function narrowings(
  accepted: JsonSchema,
  accepting: JsonSchema,
  path = "(root)",
  roles: Roles = BACKWARD,
  ignoreAddedProperties = false,
): string[] {
  const out: string[] = [];
  const { accepted: was, accepting: is } = roles;
  const at = (what: string, a: unknown, b: unknown) =>
    out.push(
      `${path}: ${what} (${was} ${a === undefined ? "none" : a}, ${is} ${b === undefined ? "none" : b})`,
    );
  const published = accepted;
  const next = accepting;

  const oldTypes = types(published);
  const newTypes = types(next);
  if (newTypes) {
    const lost = (oldTypes ?? ["any"]).filter(
      (t) => !newTypes.includes(t) && !(t === "integer" && newTypes.includes("number")),
    );
    if (lost.length > 0) at("type", (oldTypes ?? ["any"]).join("|"), newTypes.join("|"));
  }

  const newAllowed = allowed(next);
  if (newAllowed) {
    const oldAllowed = allowed(published);
    if (!oldAllowed) at("allowed values", "any", show(newAllowed));
    else {
      const dropped = oldAllowed.filter((v) => !newAllowed.some((w) => same(v, w)));
      if (dropped.length > 0)
        at(`${dropped.map(show).join(", ")} refused`, show(oldAllowed), show(newAllowed));
    }
  }

  const newLow = lower(next);
  if (newLow) {
    const oldLow = lower(published);
    if (
      !oldLow ||
      oldLow.value < newLow.value ||
      (oldLow.value === newLow.value && newLow.exclusive && !oldLow.exclusive)
    )
      at("lower bound", showBound(oldLow, "min"), showBound(newLow, "min"));
  }
  const newHigh = upper(next);
  if (newHigh) {
    const oldHigh = upper(published);
    if (
      !oldHigh ||
      oldHigh.value > newHigh.value ||
      (oldHigh.value === newHigh.value && newHigh.exclusive && !oldHigh.exclusive)
    )
      at("upper bound", showBound(oldHigh, "max"), showBound(newHigh, "max"));
  }
  for (const keyword of ["minLength", "minItems", "minProperties"] as const) {
    const n = num(next[keyword]);
    const o = num(published[keyword]);
    if (n !== undefined && (o === undefined || o < n)) at(keyword, o, n);
  }
  for (const keyword of ["maxLength", "maxItems", "maxProperties"] as const) {
    const n = num(next[keyword]);
    const o = num(published[keyword]);
    if (n !== undefined && (o === undefined || o > n)) at(keyword, o, n);
  }
  for (const keyword of ["pattern", "format"] as const) {
    if (next[keyword] !== undefined && !same(next[keyword], published[keyword]))
      at(
        keyword,
        published[keyword] === undefined ? undefined : show(published[keyword]),
        show(next[keyword]),
      );
  }
  const newStep = num(next.multipleOf);
  if (newStep !== undefined) {
    const oldStep = num(published.multipleOf);
    if (oldStep === undefined || oldStep % newStep !== 0) at("multipleOf", oldStep, newStep);
  }
  if (next.uniqueItems === true && published.uniqueItems !== true) at("uniqueItems", false, true);

  const oldRequired = Array.isArray(published.required) ? published.required : [];
  for (const name of Array.isArray(next.required) ? next.required : []) {
    if (oldRequired.includes(name)) continue;
    const known = isSchema(published.properties) && name in published.properties;
    at(`property ${show(name)}`, known ? "optional" : "absent", "required");
  }
  const oldProps = isSchema(published.properties) ? published.properties : {};
  const newProps = isSchema(next.properties) ? next.properties : {};
  for (const [name, schema] of Object.entries(oldProps)) {
    const child = path === "(root)" ? name : `${path}.${name}`;
    if (!(name in newProps)) {
      if (!(ignoreAddedProperties && next.additionalProperties !== false))
        at(`property ${show(name)}`, "present", "removed");
    } else if (isSchema(schema) && isSchema(newProps[name]))
      out.push(...narrowings(schema, newProps[name] as JsonSchema, child, roles, ignoreAddedProperties));
  }
  if (next.additionalProperties === false && published.additionalProperties !== false)
    at("additional properties", "accepted", "refused");
  else if (isSchema(next.additionalProperties))
    out.push(
      ...narrowings(
        isSchema(published.additionalProperties) ? published.additionalProperties : {},
        next.additionalProperties,
        `${path}.*`,
        roles,
        ignoreAddedProperties,
      ),
    );
  if (isSchema(next.items))
    out.push(
      ...narrowings(
        isSchema(published.items) ? published.items : {},
        next.items,
        `${path}[]`,
        roles,
        ignoreAddedProperties,
      ),
    );
  else if (next.items !== undefined && !same(next.items, published.items))
    at("items", show(published.items), show(next.items));

  for (const [keyword, value] of Object.entries(next)) {
    if (ANNOTATIONS.has(keyword) || HANDLED.has(keyword)) continue;
    if (!same(value, published[keyword]))
      at(`${keyword} (cannot be proven compatible)`, show(published[keyword]), show(value));
  }
  return out;
}

/**
 * Both directions, since the systems are deployed one at a time: the new schema must accept every
 * event published under the old one (they wait in outboxes, queues and dead letters, and a
 * consumer deployed first reads them), and the old schema must accept every event the new one
 * allows (a consumer not yet deployed reads them) — except properties it does not know, which it
 * ignores. So widening an enum or a range is as breaking as narrowing it; adding an optional
 * property is not.
 */
export function incompatibilities(published: JsonSchema, next: JsonSchema): string[] {
  return [
    ...narrowings(published, next).map((line) => `events already published would be refused: ${line}`),
    ...narrowings(next, published, "(root)", { accepted: "now", accepting: "published" }, true).map(
      (line) => `consumers still on the published schema would refuse new events: ${line}`,
    ),
  ];
}

interface Published {
  type: string;
  version: number;
  schema: JsonSchema;
}

const publishedMessages = (document: AsyncApiDocument): Published[] =>
  Object.values(document.components.messages).map((m) => ({
    type: m["x-event-type"],
    version: m["x-event-version"],
    schema: m.payload.schema,
  }));

const consumersIn = (document: AsyncApiDocument, type: string) =>
  Object.values(document.operations)
    .filter((op) => op.action === "receive" && op.channel.$ref === `#/channels/${type}`)
    .map((op) => op["x-system"]);

/**
 * Every change from the published document to the next one that breaks a consumer: a message
 * (event type and version) that disappeared, or whose schema refuses what it accepted.
 */
export function breakingChanges(published: AsyncApiDocument, next: AsyncApiDocument): string[] {
  const now = publishedMessages(next);
  const out: string[] = [];
  for (const message of publishedMessages(published)) {
    const label = `${message.type} v${message.version}`;
    const same = now.find((m) => m.type === message.type && m.version === message.version);
    if (same) {
      out.push(...incompatibilities(message.schema, same.schema).map((line) => `${label}: ${line}`));
      continue;
    }
    const consumers = consumersIn(published, message.type);
    const others = now.filter((m) => m.type === message.type).map((m) => `v${m.version}`);
    const who = consumers.length > 0 ? ` (consumed by ${consumers.join(", ")})` : "";
    out.push(
      others.length > 0
        ? `${label}${who} is no longer in the contract, which now has ${others.join(", ")}: events of v${message.version} may still wait in outboxes, queues and dead letters; keep v${message.version} next to the new version and handle both`
        : `${label}${who} was removed from the contract`,
    );
  }
  return out;
}
