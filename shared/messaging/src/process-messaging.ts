/**
 * The process's messaging runtime as seen by code that must not load it (amqplib, the relay, the
 * consumer): `transact` tells it about a commit, readiness and /ops look it up. runtime.ts
 * registers it. Kept on globalThis because Next.js bundles route modules separately from the
 * instrumentation hook, and both must reach the same runtime.
 */
import type { Messaging } from "./types";

const slot = globalThis as unknown as { __scsMessaging?: Messaging; __scsEventsRecorded?: number };

export const getMessaging = (): Messaging | undefined => slot.__scsMessaging;

/** Registers the process's runtime (runtime.ts `startMessaging`), or clears it on stop. */
export function setProcessMessaging(messaging: Messaging | undefined): void {
  slot.__scsMessaging = messaging;
}

/** Called by `transact` after each commit; a no-op in processes without a runtime (seed scripts). */
export function notifyCommitted(): void {
  slot.__scsMessaging?.wake();
}

/**
 * Events this thread has added to an outbox so far (`recordEvent`; rolled back or not). A commit
 * wakes the relay only when its transaction moved the count (`transact`, the consumer): a
 * transaction is synchronous, so nothing else of this thread records meanwhile.
 */
export const eventsRecorded = (): number => slot.__scsEventsRecorded ?? 0;

/** Called by `recordEvent` for each event it adds to the outbox. */
export function countRecorded(): void {
  slot.__scsEventsRecorded = eventsRecorded() + 1;
}
