/**
 * What code around the messaging runtime needs to know of it, and nothing it would have to load:
 * handlers and subscriptions, the runtime's configuration, its status and its interface.
 */
import type { CloudEvent } from "@scs/contracts/envelope";
import type { EventType, SystemName } from "@scs/contracts/events";
import type { BrokerView } from "./broker-view";
import type { Db, Tx } from "./db";

/** Applies one event inside the transaction that also records it in the inbox. Synchronous. */
export type Handler<T extends EventType> = (event: CloudEvent<T>, tx: Tx) => void;
export type Subscriptions = { [T in EventType]?: Handler<T> };

export interface MessagingConfig {
  system: SystemName;
  /** The system's own broker user on vhost `scs`; several nodes of a cluster comma-separated. */
  amqpUrl: string;
  /** The broker's management API (comma-separated for a cluster): /ops shows nodes and queue leaders. */
  managementUrl?: string;
  db: Db;
  subscriptions: Subscriptions;
  /** Deliveries before a failing message is dead-lettered (quorum `x-delivery-limit`). */
  deliveryLimit?: number;
  prefetch?: number;
  log?: (line: string) => void;
  /** Called after an event was applied and committed (the benchmark times replication with it). */
  onApplied?: (event: CloudEvent) => void;
  /**
   * Holds the broker connection (relay and consumer) back until `activate()`: the instance waits
   * for the system's lease (lease.ts); it serves status and dead letters from the database meanwhile.
   */
  standby?: boolean;
}

export interface MessagingStatus {
  system: SystemName;
  /** Up while both broker connections are: the consumer's and the relay's (its own thread's). */
  broker: "up" | "down";
  /** Why the broker blocks this system's publishing (memory or disk alarm), or null. */
  brokerBlocked: string | null;
  /** The node this process is connected to, e.g. "127.0.0.1:5672". */
  brokerNode: string | null;
  /** The cluster's nodes and where the system's queues are led from (management API). */
  brokerView: BrokerView | null;
  /** "standby": another instance of the system holds the lease and runs relay and consumer (lease.ts). */
  consumer: "consuming" | "stopped" | "connecting" | "standby";
  /** Bindings not yet in place because the owner has not declared its exchange yet. */
  pendingBindings: string[];
  outboxPending: number;
  oldestPendingAgeSeconds: number | null;
  published: number;
  consumed: number;
  duplicates: number;
  redelivered: number;
  deadLettered: number;
  /** Dead letters stored and neither replayed nor discarded (what /ops lists). */
  deadLettersHeld: number;
  lastApplied: {
    source: string;
    eventType: string;
    eventTime: number;
    appliedAt: number;
    /** Its trace, when it was traced (known for events applied since this process started). */
    traceId?: string | null;
  }[];
}

export type ReplayResult = { ok: true; outcome: "applied" | "duplicate" } | { ok: false; reason: string };

export interface Messaging {
  status(): MessagingStatus;
  /**
   * The broker connections' state alone (up: the consumer's and the relay's both are): answers
   * without the database (readiness needs that).
   */
  broker(): "up" | "down";
  /**
   * Applies a stored dead letter again through the same checks as a first delivery (publisher,
   * schema, handler) and removes it when it applies; a failure keeps it, with the new reason.
   */
  replayDeadLetter(id: number): ReplayResult;
  /** Removes a dead letter without applying it. */
  discardDeadLetter(id: number): boolean;
  /** Wakes the relay: called after a commit that recorded events. */
  wake(): void;
  stop(): Promise<void>;
}
