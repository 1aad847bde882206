/**
 * One broker connection per process that heals itself: it reconnects with capped backoff after
 * any connection or channel loss and hands every fresh connection to `onUp`, which re-declares
 * topology and re-subscribes. Heartbeats make a frozen broker look like a lost connection.
 */
import amqp, { type Channel, type ChannelModel, type ConfirmChannel } from "amqplib";
import { backoffDelay, sleep } from "./backoff";

export interface BrokerSession {
  connection: ChannelModel;
  /** Confirm channel for everything this process publishes. */
  publish: ConfirmChannel;
  /** Channel carrying the inbox queue's consumer (whose acks may settle many deliveries at once). */
  consume: Channel;
  /** Channel carrying the dead-letter queue's consumer, apart, so that no inbox ack can settle its messages. */
  consumeDeadLetters: Channel;
}

export interface BrokerLinkOptions {
  url: string;
  name: string;
  heartbeatSeconds?: number;
  onUp: (session: BrokerSession) => Promise<void>;
  onDown: () => void;
  log: (line: string) => void;
}

const withHeartbeat = (url: string, seconds: number) => {
  const u = new URL(url);
  if (!u.searchParams.has("heartbeat")) u.searchParams.set("heartbeat", String(seconds));
  return u.toString();
};

export class BrokerLink {
  private current: BrokerSession | null = null;
  /** The broker's reason while it blocks this connection's publishes (a memory or disk alarm). */
  private blockedReason: string | null = null;
  private stopped = false;
  private loop: Promise<void> | null = null;

  constructor(private readonly options: BrokerLinkOptions) {}

  get session(): BrokerSession | null {
    return this.current;
  }

  /** Why the broker blocks publishing right now (resource alarm), or null. */
  get blocked(): string | null {
    return this.current ? this.blockedReason : null;
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.current?.connection.close().catch(() => {});
    await this.loop;
  }

  private async run(): Promise<void> {
    const { log } = this.options;
    let attempt = 0;
    let lastError = "";
    while (!this.stopped) {
      let connection: ChannelModel | undefined;
      let wasUp = false;
      try {
        connection = await amqp.connect(withHeartbeat(this.options.url, this.options.heartbeatSeconds ?? 5), {
          clientProperties: { connection_name: this.options.name },
        });
        const closed = new Promise<void>((resolve) => connection?.once("close", () => resolve()));
        connection.on("error", (error: Error) => log(`broker connection error: ${error.message}`));
        connection.on("blocked", (reason: string) => {
          this.blockedReason = reason || "resource alarm";
          log(`broker blocks publishing: ${this.blockedReason}`);
        });
        connection.on("unblocked", () => {
          this.blockedReason = null;
          log("broker unblocked publishing");
        });
        const publish = await connection.createConfirmChannel();
        const consume = await connection.createChannel();
        const consumeDeadLetters = await connection.createChannel();
        const session = { connection, publish, consume, consumeDeadLetters };
        let lost = false;
        // Any channel loss (e.g. a channel error raised by the broker) is healed by a full
        // reconnect. The session is withdrawn at once, so nothing is sent on a closing channel.
        for (const channel of [publish, consume, consumeDeadLetters]) {
          channel.on("error", (error: Error) => log(`broker channel error: ${error.message}`));
          channel.on("close", () => {
            lost = true;
            if (this.current === session) this.current = null;
            connection?.close().catch(() => {});
          });
        }
        await this.options.onUp(session);
        if (lost) throw new Error("a channel closed while setting up");
        this.current = session;
        wasUp = true;
        if (attempt > 0) log("broker connection restored");
        attempt = 0;
        lastError = "";
        await closed;
      } catch (error) {
        const message = (error as Error).message;
        if (message !== lastError) log(`broker unavailable: ${message}`);
        lastError = message;
        await connection?.close().catch(() => {});
      }
      this.current = null;
      this.blockedReason = null;
      if (wasUp && !this.stopped) log("broker connection lost");
      this.options.onDown();
      if (!this.stopped) await sleep(backoffDelay(attempt++));
    }
  }
}
