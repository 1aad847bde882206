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
  private stopped = false;
  private loop: Promise<void> | null = null;

  constructor(private readonly options: BrokerLinkOptions) {}

  get session(): BrokerSession | null {
    return this.current;
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
      try {
        connection = await amqp.connect(withHeartbeat(this.options.url, this.options.heartbeatSeconds ?? 5), {
          clientProperties: { connection_name: this.options.name },
        });
        const closed = new Promise<void>((resolve) => connection?.once("close", () => resolve()));
        connection.on("error", (error: Error) => log(`broker connection error: ${error.message}`));
        const publish = await connection.createConfirmChannel();
        const consume = await connection.createChannel();
        const consumeDeadLetters = await connection.createChannel();
        // Any channel loss (e.g. a channel-level error) is healed by a full reconnect.
        for (const channel of [publish, consume, consumeDeadLetters]) {
          channel.on("error", (error: Error) => log(`broker channel error: ${error.message}`));
          channel.on("close", () => connection?.close().catch(() => {}));
        }
        const session = { connection, publish, consume, consumeDeadLetters };
        await this.options.onUp(session);
        this.current = session;
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
      if (this.current) {
        this.current = null;
        log("broker connection lost");
      }
      this.options.onDown();
      if (!this.stopped) await sleep(backoffDelay(attempt++));
    }
  }
}
