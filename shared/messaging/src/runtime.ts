/**
 * A system's messaging runtime: one per process, started from the system's instrumentation hook.
 * It owns the broker connection, the relay (outbox → exchange, in a thread of its own:
 * relay-thread.ts) and the consumer (queue → inbox → handlers). Its types are in types.ts; code
 * that only records events or looks the runtime up uses process-messaging.ts, which loads none of
 * this.
 */
import type { EventType } from "@scs/contracts/events";
import { deadLetterOf, inboxQueueOf } from "@scs/contracts/topology";
import type { Channel, ConsumeMessage, Message } from "amqplib";
import { count, desc, eq } from "drizzle-orm";
import { watchBrokerView } from "./broker-view";
import { BrokerLink, type BrokerSession } from "./connection";
import { admit, Consumer, INBOX_PREFETCH } from "./consumer";
import { durableCommits } from "./db";
import { storeDeadLetter } from "./dead-letters";
import { processHttpDrain, QUIET_LIMIT_MS } from "./http-drain";
import { INBOX_RETENTION_MS, pruneInbox } from "./inbox";
import { leadMessaging } from "./lease";
import { logger } from "./log";
import { getMessaging, setProcessMessaging } from "./process-messaging";
import { outboxBacklog, RelayThread } from "./relay-thread";
import { deadLetters, replicationStatus } from "./tables";
import { type Binding, bindingsFor, declareOwnTopology } from "./topology";
import type { Messaging, MessagingConfig, MessagingStatus, ReplayResult } from "./types";

const SWEEP_MS = 1_000;

const SHUTDOWN_LIMIT_MS = 9_000;
/**
 * Of the shutdown's time, what the HTTP drain gets: its wait for quiet (QUIET_LIMIT_MS at most),
 * then 2 s for the last answers before their sockets are cut; messaging stops in what is left.
 */
const HTTP_DRAIN_LIMIT_MS = QUIET_LIMIT_MS + 2_000;

/**
 * The process's runtime, started once; later calls return the same one. It owns the process's
 * graceful shutdown: on SIGTERM/SIGINT the HTTP server stops accepting connections and the
 * requests in flight finish (http-drain.ts) while messaging still runs; then it stops consuming
 * (unacked deliveries go back to the queue), finishes the deliveries in hand, publishes what the
 * outbox holds, closes the connection and exits — within 10 s whatever happens. (The launcher and
 * the Dockerfiles set NEXT_MANUAL_SIG_HANDLE so that Next.js leaves the signals to us.)
 * Relay and consumer run only while this instance holds the system's lease (lease.ts): a second
 * instance on the same database (a zero-downtime restart) serves requests and waits.
 */
export function startMessaging(config: MessagingConfig): Messaging {
  const running = getMessaging();
  if (running) return running;
  const messaging = leadMessaging(config, createMessaging);
  const registered: Messaging = {
    ...messaging,
    async stop() {
      setProcessMessaging(undefined);
      await messaging.stop();
    },
  };
  setProcessMessaging(registered);
  const http = processHttpDrain();
  const shutdown = (signal: NodeJS.Signals) => {
    const log = config.log
      ? (line: string) => config.log?.(`[${config.system}/shutdown] ${line}`)
      : logger(config.system, "shutdown");
    log(`${signal}: stopping (${http.requestsInFlight} HTTP request(s) in flight)`);
    setTimeout(() => process.exit(0), SHUTDOWN_LIMIT_MS).unref();
    void (async () => {
      const drained = await http.drain(HTTP_DRAIN_LIMIT_MS);
      log(
        drained.timedOut
          ? `HTTP: connections still open after ${drained.ms} ms were cut`
          : `HTTP: drained in ${drained.ms} ms`,
      );
      await messaging.stop();
      log("messaging stopped");
    })()
      .catch((error: Error) => log(`shutdown: ${error.message}`))
      .finally(() => process.exit(0));
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
  return registered;
}

/** A runtime not registered as the process's own (tests run several systems in one process). */
export function createMessaging(config: MessagingConfig): Messaging & { activate(): void } {
  const { system, db, subscriptions } = config;
  const deliveryLimit = config.deliveryLimit ?? 5;
  const log = config.log ?? logger(system, "messaging");
  const userId = decodeURIComponent(new URL(config.amqpUrl.split(",")[0]?.trim() ?? "").username);
  let consumerState: MessagingStatus["consumer"] = config.standby ? "standby" : "connecting";
  let pendingBindings: Binding[] = [];
  let consumers: { channel: Channel; tag: string }[] = [];
  let stopping = false;

  // The consumer's group commit; the relay's thread has its own (relay-worker.ts).
  const durable = durableCommits(db);
  // Started with the broker connection (`activate`), in a thread of its own (decision 0024).
  const relay = new RelayThread({ system, db, amqpUrl: config.amqpUrl, userId, log });
  const consumer = new Consumer({
    system,
    db,
    subscriptions,
    deliveryLimit,
    userId,
    durable,
    log,
    afterCommit: () => relay.wake(),
    onApplied: config.onApplied,
  });

  /** Binds what it can; bindings to exchanges not declared yet are retried later. */
  async function bindAll(session: BrokerSession, bindings: Binding[]): Promise<Binding[]> {
    const missing: Binding[] = [];
    for (const binding of bindings) {
      // A failed bind closes its channel, so each attempt gets a throwaway channel.
      const channel = await session.connection.createChannel();
      channel.on("error", () => {});
      try {
        await channel.bindQueue(inboxQueueOf(system), binding.exchange, binding.routingKey);
        await channel.close();
      } catch {
        missing.push(binding);
      }
    }
    return missing;
  }

  async function onUp(session: BrokerSession) {
    const { publish, consume, consumeDeadLetters } = session;
    // This connection publishes dead letters only: the relay has a connection of its own.
    publish.on("return", (message: Message) => consumer.onReturn(message));
    await declareOwnTopology(publish, system, deliveryLimit);
    pendingBindings = await bindAll(session, bindingsFor(Object.keys(subscriptions) as EventType[]));
    await consume.prefetch(config.prefetch ?? INBOX_PREFETCH);
    await consumeDeadLetters.prefetch(config.prefetch ?? 100);
    // The broker cancels a consumer whose queue was deleted: reconnecting re-declares and resubscribes.
    const cancelled = () => {
      log("consumer cancelled by the broker; reconnecting");
      void session.connection.close().catch(() => {});
    };
    const inbox = await consume.consume(inboxQueueOf(system), (message) => {
      if (message) consumer.deliver(message, consume, publish);
      else cancelled();
    });
    const deadLetters = await consumeDeadLetters.consume(deadLetterOf(system), (message) => {
      if (!message) return cancelled();
      // Never lose a dead letter: acked only once stored and on disk, else back to its queue.
      const retryLater = (error: Error) => {
        log(`could not store a dead letter: ${error.message}`);
        setTimeout(() => consumeDeadLetters.nack(message, false, true), 1_000);
      };
      try {
        storeDeadLetter(db, message, userId);
      } catch (error) {
        return retryLater(error as Error);
      }
      void durable()
        .then(() => consumeDeadLetters.ack(message))
        .catch(retryLater);
    });
    consumers = [
      { channel: consume, tag: inbox.consumerTag },
      { channel: consumeDeadLetters, tag: deadLetters.consumerTag },
    ];
    consumerState = "consuming";
  }

  const link = new BrokerLink({
    url: config.amqpUrl,
    name: `${system} (pid ${process.pid})`,
    log,
    onUp,
    onDown: () => {
      consumerState = stopping ? "stopped" : "connecting";
    },
  });

  /**
   * Up only while both connections are: this one (consumer, dead letters) and the relay's, in its
   * own thread, which starts later (it loads its own modules) and may be down on its own. What
   * /api/ready, /ops and the tests wait for is then the moment the system replicates both ways.
   */
  const broker = (): "up" | "down" => (link.session && relay.connected ? "up" : "down");

  const brokerView = config.managementUrl
    ? watchBrokerView({ system, managementUrl: config.managementUrl, amqpUrl: config.amqpUrl })
    : null;

  const sweep = setInterval(() => {
    const session = link.session;
    if (session && pendingBindings.length > 0) {
      void bindAll(session, pendingBindings).then((missing) => {
        if (missing.length < pendingBindings.length)
          log(`bound ${pendingBindings.length - missing.length} pending binding(s)`);
        pendingBindings = missing;
      });
    }
  }, SWEEP_MS);
  // Published outbox rows go after an hour (the relay's thread prunes them). Applied event ids go
  // after their retention (inbox.ts, decision 0011), and only once the consumer has been consuming
  // for an hour without a break: what waited in the queue while this process or the broker was
  // down is seen before the ids go.
  const INBOX_PRUNE_AFTER_CONSUMING_MS = 60 * 60_000;
  let consumingSince: number | null = null;
  let pruningInbox = false;
  const prune = setInterval(() => {
    if (consumerState !== "consuming") {
      consumingSince = null;
      return;
    }
    consumingSince ??= Date.now();
    if (pruningInbox || Date.now() - consumingSince < INBOX_PRUNE_AFTER_CONSUMING_MS) return;
    pruningInbox = true;
    pruneInbox(db, { stopped: () => stopping })
      .then((deleted) => {
        if (deleted > 0)
          log(
            `inbox: pruned ${deleted} event id(s) applied over ${INBOX_RETENTION_MS / 86_400_000} days ago`,
          );
      })
      .catch((error: Error) => log(`inbox prune: ${error.message}`))
      .finally(() => {
        pruningInbox = false;
      });
  }, 60_000);
  sweep.unref();
  prune.unref();

  const messaging: Messaging & { activate(): void } = {
    activate() {
      if (stopping) return;
      consumerState = "connecting";
      link.start();
      relay.start();
    },
    wake: () => relay.wake(),
    replayDeadLetter(id) {
      const letter = db.select().from(deadLetters).where(eq(deadLetters.id, id)).get();
      if (!letter) return { ok: false, reason: "no such dead letter" };
      const admitted = admit(
        {
          content: Buffer.from(letter.body),
          fields: { exchange: letter.exchange, routingKey: letter.routingKey } as ConsumeMessage["fields"],
          properties: { userId: letter.userId ?? undefined } as ConsumeMessage["properties"],
        },
        subscriptions,
      );
      const fail = (reason: string): ReplayResult => {
        db.update(deadLetters)
          .set({ reason: `replay failed: ${reason}` })
          .where(eq(deadLetters.id, id))
          .run();
        return { ok: false, reason };
      };
      if (!admitted.ok) return fail(admitted.reason);
      try {
        const outcome = consumer.apply(admitted.event, (tx) =>
          tx.delete(deadLetters).where(eq(deadLetters.id, id)).run(),
        );
        relay.wake();
        return { ok: true, outcome };
      } catch (error) {
        return fail(`handler failed: ${(error as Error).message}`);
      }
    },
    discardDeadLetter(id) {
      return db.delete(deadLetters).where(eq(deadLetters.id, id)).run().changes > 0;
    },
    broker,
    status() {
      const pending = outboxBacklog(db);
      return {
        system,
        broker: broker(),
        brokerBlocked: relay.blocked ?? link.blocked,
        brokerNode: link.node,
        brokerView: brokerView?.current() ?? null,
        consumer: consumerState,
        pendingBindings: pendingBindings.map((b) => `${b.exchange} → ${b.routingKey}`),
        outboxPending: pending.count,
        oldestPendingAgeSeconds:
          pending.oldestCreatedAt === null ? null : (Date.now() - pending.oldestCreatedAt) / 1000,
        published: relay.published,
        consumed: consumer.consumed,
        duplicates: consumer.duplicates,
        redelivered: consumer.redelivered,
        deadLettered: consumer.deadLettered,
        deadLettersHeld: db.select({ n: count() }).from(deadLetters).get()?.n ?? 0,
        lastApplied: db
          .select()
          .from(replicationStatus)
          .orderBy(desc(replicationStatus.appliedAt))
          .all()
          .map((r) => ({
            source: r.source,
            eventType: r.lastEventType,
            eventTime: r.lastEventTime,
            appliedAt: r.appliedAt,
            traceId: consumer.lastTraceIds.get(r.source) ?? null,
          })),
      };
    },
    async stop() {
      stopping = true;
      clearInterval(sweep);
      brokerView?.stop();
      clearInterval(prune);
      const session = link.session;
      // Stop taking deliveries, finish the ones in hand, then close.
      for (const { channel, tag } of session ? consumers : []) await channel.cancel(tag).catch(() => {});
      await consumer.drain();
      // The relay's thread publishes what the outbox holds (including what the consumer's last
      // batch recorded), waits for the confirms, then ends.
      await relay.stop();
      await link.stop();
      consumerState = "stopped";
    },
  };
  if (!config.standby) messaging.activate();
  return messaging;
}
