/**
 * CloudEvents 1.0, JSON structured mode, as CONTRACT.md "Messaging" fixes it.
 * `parseEvent` checks the envelope and the data against the event type's schema, in one pass.
 */
import { z } from "zod";
import { type EventData, type EventType, events, isEventType, ownerOf } from "./events";

export { CLOUDEVENTS_CONTENT_TYPE } from "./names.mjs";

/** The envelope every message is (its `data` checked separately, by type); also the AsyncAPI payload. */
export const envelopeSchema = z.object({
  specversion: z.literal("1.0"),
  id: z.uuid(),
  source: z.enum(["/catalog", "/music", "/store"]),
  type: z.string().min(1),
  subject: z.string().min(1).max(100),
  time: z.iso.datetime({ offset: true }),
  datacontenttype: z.literal("application/json").optional(),
  dataschemaversion: z.number().int().positive().optional(),
  aggregateversion: z.number().int().nonnegative().optional(),
  traceparent: z
    .string()
    .regex(/^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/)
    .optional(),
  data: z.unknown(),
});

export type CloudEvent<T extends EventType = EventType> = Omit<
  z.infer<typeof envelopeSchema>,
  "type" | "data"
> & {
  type: T;
  data: EventData<T>;
};

export type ParseResult = { ok: true; event: CloudEvent } | { ok: false; reason: string };

const describe = (issues: z.core.$ZodIssue[]) =>
  issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");

/**
 * Per event type, the envelope with that type's data schema in place of `data: unknown`: one
 * schema and one validation pass per message. (Two passes, the envelope then the data, each built
 * an output object of their own, and the event was then copied into a third; every delivery a
 * replica applies passes here.)
 */
const eventSchemas = {} as Record<EventType, z.ZodType>;
/** The only source that may emit each type (its owner's). */
const sourceOf = {} as Record<EventType, string>;
for (const type of Object.keys(events) as EventType[]) {
  eventSchemas[type] = envelopeSchema.extend({ type: z.literal(type), data: events[type].schema });
  sourceOf[type] = `/${ownerOf(type)}`;
}

const typeOf = (input: unknown): unknown =>
  typeof input === "object" && input !== null ? (input as { type?: unknown }).type : undefined;

export function parseEvent(input: unknown): ParseResult {
  const type = typeOf(input);
  // A type the suite does not know has no schema of its own: the envelope alone names what is wrong.
  if (typeof type !== "string" || !isEventType(type)) {
    const envelope = envelopeSchema.safeParse(input);
    if (!envelope.success)
      return { ok: false, reason: `invalid envelope: ${describe(envelope.error.issues)}` };
    return { ok: false, reason: `unknown event type: ${envelope.data.type}` };
  }
  const parsed = eventSchemas[type].safeParse(input);
  if (parsed.success) {
    const event = parsed.data as CloudEvent;
    if (sourceOf[type] !== event.source)
      return { ok: false, reason: `source ${event.source} may not emit ${type}` };
    return { ok: true, event };
  }
  // The same reasons, in the same order, as checking the envelope before the data: the envelope's
  // issues, else a source that does not own the type, else the data's issues.
  const issues = parsed.error.issues;
  const envelopeIssues = issues.filter((i) => i.path[0] !== "data");
  if (envelopeIssues.length > 0)
    return { ok: false, reason: `invalid envelope: ${describe(envelopeIssues)}` };
  const source = (input as { source: unknown }).source;
  if (sourceOf[type] !== source) return { ok: false, reason: `source ${source} may not emit ${type}` };
  const dataIssues = issues.map((i) => ({ ...i, path: i.path.slice(1) }));
  return { ok: false, reason: `invalid data for ${type}: ${describe(dataIssues)}` };
}

/** Parses raw message bytes; never throws. */
export function parseEventBytes(body: Buffer | Uint8Array): ParseResult {
  let json: unknown;
  try {
    // A view, not a copy: every delivery's body passes here (a copy was a measurable part of a
    // replica's time per event).
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    json = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    return { ok: false, reason: `not JSON: ${(error as Error).message}` };
  }
  return parseEvent(json);
}

/** Validates data for a type before it is written to an outbox; throws on a programming error. */
export function validateData<T extends EventType>(type: T, data: EventData<T>): EventData<T> {
  return events[type].schema.parse(data) as EventData<T>;
}
