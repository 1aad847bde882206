/**
 * Who is asking, for the per-client limits of sign-in and sign-up.
 *
 * Next.js hands route handlers and server actions a `Request` without the socket, and its own
 * `X-Forwarded-For` is only filled in when the client did not send one — so anyone could choose
 * their "address" by sending the header. Instead, `installPeerAddressHeader` (called once from
 * instrumentation.ts) stamps every incoming request with the socket's remote address in
 * `PEER_HEADER`, overwriting whatever the client sent. `X-Forwarded-For` is believed only when
 * that peer is a configured proxy (`TRUSTED_PROXY_ADDRESSES`, addresses or CIDR ranges; by default
 * the loopback addresses the suite's own gateway connects from): then the client is the rightmost
 * address in it that is not itself a trusted proxy.
 */
import http from "node:http";
import { BlockList, isIPv4, isIPv6 } from "node:net";

/** Looks at a request before Next.js does; false when it answered the request itself. */
export type RequestScreen = (request: http.IncomingMessage, response: http.ServerResponse) => boolean;

export const PEER_HEADER = "x-scs-peer-address";

const INSTALLED = Symbol.for("scs.store.peerAddressHeader");

/** `::ffff:127.0.0.1` and `127.0.0.1` are the same client. */
export const normalizeAddress = (address: string) =>
  address.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");

/** Stamps every request with its peer address, then lets `screen` (if any) answer it first. */
export function installPeerAddressHeader(screen?: RequestScreen): void {
  const slot = globalThis as unknown as Record<symbol, boolean>;
  if (slot[INSTALLED]) return;
  slot[INSTALLED] = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as http.IncomingMessage;
      request.headers[PEER_HEADER] = normalizeAddress(request.socket.remoteAddress ?? "unknown");
      if (screen && !screen(request, args[1] as http.ServerResponse)) return true;
    }
    return (emit as (this: http.Server, ...all: unknown[]) => boolean).call(this, event, ...args);
  } as typeof emit;
}

/** Whether an address is one of `proxies` (addresses, or CIDR ranges such as a pod network). */
function trustedSet(proxies: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const entry of proxies) {
    const [base = "", bits] = normalizeAddress(entry).split("/");
    const type = isIPv6(base) ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(base, type);
    else list.addSubnet(base, Number(bits), type);
  }
  return (address) =>
    isIPv4(address) ? list.check(address, "ipv4") : isIPv6(address) && list.check(address, "ipv6");
}

// The configured list is one array for the process's life: its matcher is built once.
const trustCache = new WeakMap<readonly string[], (address: string) => boolean>();

/** The client's address from a request's headers (see above); "unknown" without the peer header. */
export function clientAddress(headers: Headers, trustedProxies: readonly string[]): string {
  const raw = headers.get(PEER_HEADER);
  if (!raw) return "unknown";
  const peer = normalizeAddress(raw);
  let trusted = trustCache.get(trustedProxies);
  if (!trusted) {
    trusted = trustedSet(trustedProxies);
    trustCache.set(trustedProxies, trusted);
  }
  if (!trusted(peer)) return peer;
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map(normalizeAddress)
    .filter((a) => a.length > 0);
  for (let i = forwarded.length - 1; i >= 0; i--) {
    const address = forwarded[i] as string;
    if (!trusted(address)) return address;
  }
  return peer;
}
