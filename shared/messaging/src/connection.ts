/**
 * One broker connection per process that heals itself: it reconnects with capped backoff after
 * any connection or channel loss and hands every fresh connection to `onUp`, which re-declares
 * topology and re-subscribes. Heartbeats make a frozen broker look like a lost connection.
 * The URL may list several nodes of a cluster, comma-separated: each attempt takes the next one,
 * so a process fails over to any node that is up (quorum queues are reachable from every node).
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
  /** One AMQP URL, or several (the nodes of a cluster) separated by commas. */
  url: string;
  name: string;
  heartbeatSeconds?: number;
  onUp: (session: BrokerSession) => Promise<void>;
  onDown: () => void;
  log: (line: string) => void;
}

/** The node URLs of a comma-separated list (a single URL is a list of one). */
export const brokerUrls = (list: string): string[] =>
  list
    .split(",")
    .map((url) => url.trim())
    .filter(Boolean);

/** A URL's host and port, for logs (never its credentials). */
export const brokerAddress = (url: string) => {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5672}`;
};

const withHeartbeat = (url: string, seconds: number) => {
  const u = new URL(url);
  if (!u.searchParams.has("heartbeat")) u.searchParams.set("heartbeat", String(seconds));
  return u.toString();
};

/**
 * The wait after a round of failed attempts. Once connected, a lost broker is retried with backoff
 * up to 10 s, since every client of a recovering broker comes back to it at once. Before its first
 * connection a process is starting beside its broker (npm start, compose, a pod), and a refused
 * connection costs nothing: it tries at least every second, so it is connected within a second of
 * the broker's start, not up to 10 s after it.
 */
export const reconnectDelay = (attempt: number, everUp: boolean) =>
  backoffDelay(attempt, 200, everUp ? 10_000 : 1_000);

/** Thrown inside a connection attempt that `stop()` overtook: it is closed, not handed on. */
const stoppedWhileConnecting = new Error("stopped while connecting");

export class BrokerLink {
  private current: BrokerSession | null = null;
  /** The broker's reason while it blocks this connection's publishes (a memory or disk alarm). */
  private blockedReason: string | null = null;
  private stopped = false;
  private loop: Promise<void> | null = null;
  private readonly urls: string[];
  /** Index of the node URL the next attempt uses. */
  private next = 0;
  /** The node the current session is connected to, e.g. "127.0.0.1:5672". */
  node: string | null = null;

  constructor(private readonly options: BrokerLinkOptions) {
    this.urls = brokerUrls(options.url);
    if (this.urls.length === 0) throw new Error("no broker URL");
    // Spread the processes of a suite over the nodes rather than all on the first one.
    this.next = process.pid % this.urls.length;
  }

  /**
   * Drops the current connection and connects afresh (to the next node of a cluster): for a
   * connection that is up but no longer useful, e.g. every publish nacked long after a failover.
   */
  recycle(reason: string): void {
    const session = this.current;
    if (!session) return;
    this.options.log(`recycling the broker connection: ${reason}`);
    this.current = null;
    void session.connection.close().catch(() => {});
  }

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
    /** Backoff exponent: grows with each round of failed attempts over all nodes. */
    let attempt = 0;
    let failures = 0;
    let everUp = false;
    let lastError = "";
    while (!this.stopped) {
      let connection: ChannelModel | undefined;
      let wasUp = false;
      const url = this.urls[this.next % this.urls.length] as string;
      this.next++;
      try {
        connection = await amqp.connect(withHeartbeat(url, this.options.heartbeatSeconds ?? 5), {
          clientProperties: { connection_name: this.options.name },
          timeout: 5_000,
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
        // Stopped meanwhile: nothing would ever close this connection, and stop() waits for it.
        if (this.stopped) throw stoppedWhileConnecting;
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
        if (this.stopped) throw stoppedWhileConnecting;
        this.current = session;
        this.node = brokerAddress(url);
        wasUp = true;
        // The same node again next time, unless it fails (then the attempt after takes the next).
        this.next--;
        if (everUp) log(`broker connection restored (${this.node})`);
        else if (failures > 0) log(`broker connected (${this.node}) after ${failures} failed attempts`);
        everUp = true;
        attempt = 0;
        failures = 0;
        lastError = "";
        await closed;
      } catch (error) {
        const message = `${brokerAddress(url)}: ${(error as Error).message}`;
        if (error !== stoppedWhileConnecting && message !== lastError) log(`broker unavailable: ${message}`);
        lastError = message;
        await connection?.close().catch(() => {});
      }
      this.current = null;
      this.node = null;
      this.blockedReason = null;
      if (wasUp && !this.stopped) log("broker connection lost");
      this.options.onDown();
      if (this.stopped) break;
      // A lost connection is tried again after a short jitter (on its node first); a failed
      // attempt goes on to the next node at once, and a whole round of failures backs off.
      if (wasUp) await sleep(backoffDelay(0));
      else if (++failures % this.urls.length === 0) await sleep(reconnectDelay(attempt++, everUp));
    }
  }
}
