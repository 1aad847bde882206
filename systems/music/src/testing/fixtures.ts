/** Test helpers: a private in-memory music database and a look at what it recorded in its outbox. */
import type { CloudEvent } from "@scs/contracts/envelope";
import type { EventData, EventType } from "@scs/contracts/events";
import { asc } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { outbox } from "@/db/schema";

export const testDb = () => openDatabase(":memory:");

export interface RecordedEvent {
  type: string;
  subject: string;
  aggregateversion?: number;
  data: Record<string, unknown>;
}

export function recordedEvents(db: ReturnType<typeof testDb>): RecordedEvent[] {
  return db
    .select()
    .from(outbox)
    .orderBy(asc(outbox.seq))
    .all()
    .map((row) => JSON.parse(row.body) as RecordedEvent);
}

let counter = 0;

/** A CloudEvent as the consumer hands it to a handler. */
export function incoming<T extends EventType>(
  type: T,
  data: EventData<T>,
  aggregateversion?: number,
): CloudEvent<T> {
  counter += 1;
  return {
    specversion: "1.0",
    id: `0190f0a0-0000-7000-8000-${String(counter).padStart(12, "0")}`,
    source: `/${type.split(".")[0]}` as CloudEvent["source"],
    type,
    subject: "subject",
    time: new Date().toISOString(),
    ...(aggregateversion === undefined ? {} : { aggregateversion }),
    data,
  };
}

export const sampleAlbum = {
  title: "Harbor Lights",
  artist: "Neon Harbor",
  priceCents: 999,
  year: 2022,
  genre: "Synthwave",
  tracks: [
    { title: "Night Shift", durationSeconds: 252 },
    { title: "Last Ferry", durationSeconds: 280 },
  ],
};
