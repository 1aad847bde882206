/** Broker names fixed by CONTRACT.md "Messaging". */
import type { SystemName } from "./events";
import { SYSTEMS, VHOST } from "./names.mjs";

export { VHOST };
export const systems: readonly SystemName[] = SYSTEMS;

/** Each system's own topic exchange; routing key = event type. */
export const exchangeOf = (system: SystemName) => `${system}.events` as const;
/** The system's main queue: every event it consumes, in one ordered stream. */
export const inboxQueueOf = (system: SystemName) => `${system}.inbox` as const;
/** Dead letters of the system's queues (a fanout exchange and a queue of the same name). */
export const deadLetterOf = (system: SystemName) => `${system}.dead-letters` as const;

// A lookup, not a search building each exchange's name: the consumer asks for every delivery.
const owners = new Map<string, SystemName>(systems.map((s) => [exchangeOf(s), s]));
/** Owner of an exchange, or undefined for exchanges outside the suite. */
export const ownerOfExchange = (exchange: string): SystemName | undefined => owners.get(exchange);
