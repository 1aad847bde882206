/**
 * Which system consumes which event types (consumers.json, the one source of truth). The broker's
 * read permissions are derived from it (tools/suite/src/broker/provision.mjs), each system's `subscriptions.ts`
 * must name exactly these types (a unit test per system checks it), and the runtime binds the
 * system's inbox from its subscriptions: so a system can bind only to the exchanges it may read.
 */
import table from "./consumers.json";
import { type EventType, isEventType, ownerOf, type SystemName } from "./events";
import { exchangeOf, systems } from "./topology";

function typesOf(system: SystemName): readonly EventType[] {
  const listed: unknown = (table as Record<string, unknown>)[system];
  if (!Array.isArray(listed)) throw new Error(`consumers.json: no list for ${system}`);
  return listed.map((type) => {
    if (typeof type !== "string" || !isEventType(type)) {
      throw new Error(`consumers.json: ${system} lists ${String(type)}, which is not an event type`);
    }
    if (ownerOf(type) === system) throw new Error(`consumers.json: ${system} cannot consume its own ${type}`);
    return type;
  });
}

/** The event types each system consumes. */
export const consumedEvents: Readonly<Record<SystemName, readonly EventType[]>> = Object.freeze(
  Object.fromEntries(systems.map((system) => [system, typesOf(system)])) as Record<
    SystemName,
    readonly EventType[]
  >,
);

/** The other systems' exchanges a system reads (binds its queues to), in the order of `systems`. */
export const consumedExchanges = (system: SystemName): string[] => {
  const owners = new Set(consumedEvents[system].map(ownerOf));
  return systems.filter((s) => owners.has(s)).map(exchangeOf);
};
