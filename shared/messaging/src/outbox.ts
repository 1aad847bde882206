/**
 * Writing events: always into the outbox, inside the caller's transaction, never straight to the
 * broker. The relay publishes them after commit (see relay.ts).
 */
import { type EventData, type EventType, events, ownerOf } from "@scs/contracts/events";
import { sql } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { type Db, preparedOnce, type Tx, transactionOf } from "./db";
import { countRecorded, eventsRecorded, notifyCommitted } from "./process-messaging";
import { outbox } from "./tables";
import { activeTraceparent } from "./tracing";

export interface RecordOptions {
  /** The aggregate's version after this change; required for events that copy state. */
  aggregateVersion?: number;
  /** Defaults to the active trace context's (the request or the event being handled). */
  traceparent?: string;
}

/** Validates the event and adds it to the outbox in the given transaction. Returns the event id. */
export function recordEvent<T extends EventType>(
  tx: Tx | Db,
  type: T,
  subject: string,
  data: EventData<T>,
  options: RecordOptions = {},
): string {
  const definition = events[type];
  if (definition.copiesState && options.aggregateVersion === undefined) {
    throw new Error(`${type} copies state: aggregateVersion is required`);
  }
  const id = uuidv7();
  const now = Date.now();
  const traceparent = options.traceparent ?? activeTraceparent();
  const body = {
    specversion: "1.0",
    id,
    source: `/${ownerOf(type)}`,
    type,
    subject,
    time: new Date(now).toISOString(),
    datacontenttype: "application/json",
    dataschemaversion: definition.version,
    ...(options.aggregateVersion === undefined ? {} : { aggregateversion: options.aggregateVersion }),
    ...(traceparent ? { traceparent } : {}),
    data: definition.schema.parse(data),
  };
  preparedOnce(tx, prepareOutboxInsert).run({
    eventId: id,
    type,
    body: JSON.stringify(body),
    createdAt: now,
  });
  countRecorded();
  return id;
}

/** Prepared once per connection: it runs with every change a system makes. */
function prepareOutboxInsert(conn: Tx | Db) {
  return conn
    .insert(outbox)
    .values({
      eventId: sql.placeholder("eventId"),
      type: sql.placeholder("type"),
      body: sql.placeholder("body"),
      createdAt: sql.placeholder("createdAt"),
    })
    .prepare();
}

/**
 * Runs `work` in one synchronous SQLite transaction (never pass an async function: it would
 * commit before the awaits and break rollback), then, if it recorded events, wakes the relay so
 * that they are published at once instead of at the next sweep. A commit that recorded none wakes
 * nothing: the relay's thread would only find the outbox as it left it.
 */
export function transact<R>(db: Db, work: (tx: Tx) => R): R {
  const before = eventsRecorded();
  const result = transactionOf(db)(work) as R;
  if (eventsRecorded() !== before) notifyCommitted();
  return result;
}
