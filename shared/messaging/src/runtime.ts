/**
 * A system's messaging runtime: one per process, started from the system's instrumentation hook.
 * It owns the broker connection, the relay (outbox → exchange) and the consumer (queue → inbox →
 * handlers). Kept on globalThis because Next.js bundles route modules separately from the
 * instrumentation hook, and both must reach the same runtime.
 */
import type { CloudEvent } from "@scs/contracts/envelope";
import type { EventType, SystemName } from "@scs/contracts/events";
import type { Db, Tx } from "./db";

/** Applies one event inside the transaction that also records it in the inbox. Synchronous. */
export type Handler<T extends EventType> = (event: CloudEvent<T>, tx: Tx) => void;
export type Subscriptions = { [T in EventType]?: Handler<T> };

export interface MessagingConfig {
  system: SystemName;
  /** The system's own broker user on vhost `scs`. */
  amqpUrl: string;
  db: Db;
  subscriptions: Subscriptions;
  /** Deliveries before a failing message is dead-lettered (quorum `x-delivery-limit`). */
  deliveryLimit?: number;
  prefetch?: number;
  log?: (line: string) => void;
}

export interface MessagingStatus {
  system: SystemName;
  broker: "up" | "down";
  consumer: "consuming" | "stopped" | "connecting";
  outboxPending: number;
  oldestPendingAgeSeconds: number | null;
  published: number;
  consumed: number;
  duplicates: number;
  deadLettered: number;
  lastApplied: { source: string; eventType: string; eventTime: number; appliedAt: number }[];
}

export interface Messaging {
  status(): MessagingStatus;
  /** Wakes the relay: called after a commit that recorded events. */
  wake(): void;
  stop(): Promise<void>;
}

const slot = globalThis as unknown as { __scsMessaging?: Messaging };

export const getMessaging = (): Messaging | undefined => slot.__scsMessaging;

/** Called by `transact` after each commit; a no-op in processes without a runtime (seed scripts). */
export function notifyCommitted(): void {
  slot.__scsMessaging?.wake();
}

export function startMessaging(config: MessagingConfig): Messaging {
  if (slot.__scsMessaging) return slot.__scsMessaging;
  throw new Error(`messaging runtime not implemented yet (${config.system})`);
}
