/**
 * Draining the process's HTTP server on shutdown, for systems run by `next start`. With
 * NEXT_MANUAL_SIG_HANDLE set, Next.js leaves SIGTERM to the messaging runtime but keeps its
 * `http.Server` to itself; Node's `http.server.request.start` diagnostics channel names the server
 * of every request, so the runtime learns the server from the requests it serves (the launcher's
 * and load balancers' health checks among them) and tracks the responses in flight.
 *
 * On drain: the server stops listening (new connections are refused) and closes its idle
 * keep-alive sockets; every request in flight runs to its end and is answered with
 * `Connection: close`, and its socket is closed right after the response. Whatever is still open
 * at the deadline is cut.
 */
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { Server, ServerResponse } from "node:http";

const CHANNEL = "http.server.request.start";

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
  private draining = false;

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
    this.servers.add(server);
    this.inFlight.add(response);
    // A request that came on a kept-alive socket during the drain is served, then its socket closed.
    if (this.draining) closeAfterResponse(response);
    response.once("close", () => {
      this.inFlight.delete(response);
      // The socket is idle now (or gone): close it so that the server's close can complete.
      if (this.draining) setImmediate(() => server.closeIdleConnections());
    });
  };

  /**
   * Stops accepting connections and waits until every request in flight has been answered and
   * every connection closed, or until `timeoutMs`, when the remaining connections are cut.
   */
  async drain(timeoutMs: number): Promise<DrainResult> {
    const started = Date.now();
    this.draining = true;
    const requests = this.inFlight.size;
    for (const response of this.inFlight) closeAfterResponse(response);
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
        timer = setTimeout(() => resolve(true), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) for (const server of this.servers) server.closeAllConnections();
    return { requests, timedOut, ms: Date.now() - started };
  }
}

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
