/**
 * Draining the process's HTTP server on shutdown, for systems run by `next start`. With
 * NEXT_MANUAL_SIG_HANDLE set, Next.js leaves SIGTERM to the messaging runtime but keeps its
 * `http.Server` to itself; Node's `http.server.request.start` diagnostics channel names the server
 * of every request, so the runtime learns the server from the requests it serves (the launcher's
 * and load balancers' health checks among them) and tracks the responses in flight.
 *
 * On drain, the server first keeps accepting until no connection has come for QUIET_MS (at most
 * QUIET_LIMIT_MS). A connection that a front door or load balancer made just before it switched
 * away may still wait in the kernel's accept queue while this process is busy. Closing the
 * listening socket then would reset it, and a POST already sent on it cannot be passed to another
 * instance. Then the server stops listening (new connections are refused) and closes its idle
 * keep-alive sockets. From the start of the drain, every request runs to its end and is answered
 * with `Connection: close`, and its socket is closed right after the response. Whatever is still
 * open at the deadline is cut.
 */
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { Server, ServerResponse } from "node:http";

const CHANNEL = "http.server.request.start";
/** The drain stops listening once no connection has come for this long… */
const QUIET_MS = 500;
/**
 * …or after this long at the most (traffic that never stops: nobody switched it away). Closing the
 * listener resets what waits in its accept queue (a POST sent there is lost), so the limit leaves
 * a process that a loaded machine starves seconds to take in what it was sent before the switch.
 * A drain that gets quiet stops listening QUIET_MS after the last connection, however long this is.
 */
export const QUIET_LIMIT_MS = 5_000;

interface RequestStart {
  response: ServerResponse;
  server: Server;
}

export interface DrainResult {
  /** Requests in flight when the drain began. */
  requests: number;
  /** True when connections were still open at the deadline and were cut. */
  timedOut: boolean;
  ms: number;
}

export class HttpDrain {
  private readonly servers = new Set<Server>();
  private readonly inFlight = new Set<ServerResponse>();
  /** Answers close their connections (the drain has begun). */
  private draining = false;
  /** The servers no longer listen: idle connections are closed. */
  private closing = false;
  /** performance.now() of the last connection any of the servers accepted. */
  private lastConnection = 0;

  constructor() {
    subscribe(CHANNEL, this.onRequest);
  }

  /** Stops watching requests (tests; a process keeps its drain for its whole life). */
  close(): void {
    unsubscribe(CHANNEL, this.onRequest);
  }

  get requestsInFlight(): number {
    return this.inFlight.size;
  }

  private readonly onRequest = (message: unknown) => {
    const { response, server } = message as RequestStart;
    if (!this.servers.has(server)) {
      this.servers.add(server);
      server.on("connection", this.onConnection);
    }
    this.inFlight.add(response);
    // A request that came on a kept-alive socket during the drain is served, then its socket closed.
    if (this.draining) closeAfterResponse(response);
    response.once("close", () => {
      this.inFlight.delete(response);
      // The socket is idle now (or gone): close it so that the server's close can complete.
      if (this.closing) setImmediate(() => server.closeIdleConnections());
    });
  };

  private readonly onConnection = () => {
    this.lastConnection = performance.now();
  };

  /**
   * Stops accepting connections once none has come for QUIET_MS, and waits until every request
   * has been answered and every connection closed, or until `timeoutMs` (from the start), when the
   * remaining connections are cut.
   */
  async drain(timeoutMs: number): Promise<DrainResult> {
    const started = Date.now();
    this.draining = true;
    const requests = this.inFlight.size;
    for (const response of this.inFlight) closeAfterResponse(response);
    await this.quiet(Math.min(QUIET_LIMIT_MS, timeoutMs));
    this.closing = true;
    const closed = [...this.servers].map(
      (server) =>
        new Promise<void>((resolve) => {
          // Node's close() refuses new connections and closes the idle ones; the callback runs
          // once the last connection is gone (at once, with an error, if it was not listening).
          server.close(() => resolve());
          server.closeIdleConnections();
        }),
    );
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      Promise.all(closed).then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), Math.max(0, timeoutMs - (Date.now() - started)));
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) for (const server of this.servers) server.closeAllConnections();
    return { requests, timedOut, ms: Date.now() - started };
  }

  /**
   * Resolves once no connection has come for QUIET_MS, or after `limitMs`. Before each look the
   * event loop polls for I/O once more: the connections waiting in the accept queue (even those
   * that came during a stall, after the loop's last poll) have been accepted then, so the look
   * sees them.
   */
  private async quiet(limitMs: number): Promise<void> {
    const until = performance.now() + limitMs;
    for (;;) {
      await afterNextPoll();
      const wait = Math.min(this.lastConnection + QUIET_MS, until) - performance.now();
      if (wait <= 0) return;
      await new Promise<void>((resolve) => setTimeout(resolve, wait));
    }
  }
}

/**
 * Resolves after the event loop's next poll phase. An immediate set during a poll phase runs in
 * that iteration's check phase, after the poll that has already happened. The one it sets runs
 * in the next iteration, after a fresh poll.
 */
const afterNextPoll = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

/** Asks for the socket to be closed after this response, if its headers are not sent yet. */
function closeAfterResponse(response: ServerResponse): void {
  if (!response.headersSent) response.setHeader("connection", "close");
}

const slot = globalThis as unknown as { __scsHttpDrain?: HttpDrain };

/** The process's drain, created (and watching requests) on first use. */
export function processHttpDrain(): HttpDrain {
  slot.__scsHttpDrain ??= new HttpDrain();
  return slot.__scsHttpDrain;
}
