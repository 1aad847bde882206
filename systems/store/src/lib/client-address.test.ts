import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { setUpRouteEnv } from "@/testing/route-env";
import { clientAddress, installPeerAddressHeader, PEER_HEADER } from "./client-address";

setUpRouteEnv();
delete process.env.TRUSTED_PROXY_ADDRESSES;
const { env } = await import("@/env");

const headers = (entries: Record<string, string>) => new Headers(entries);

/** The headers store's handlers see for a GET from `localAddress` carrying `sent`. */
async function seenFrom(localAddress: string, sent: Record<string, string>) {
  installPeerAddressHeader();
  const server = http.createServer((request, response) => {
    response.end(JSON.stringify(request.headers));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<Headers>((resolve, reject) => {
      http
        .get({ host: "127.0.0.1", port, localAddress, headers: sent }, (response) => {
          let body = "";
          response.on("data", (chunk) => (body += chunk));
          response.on("end", () => resolve(new Headers(JSON.parse(body))));
        })
        .on("error", reject);
    });
  } finally {
    server.close();
  }
}

describe("the client of a request", () => {
  it("is the socket's address; a client's own X-Forwarded-For or peer header changes nothing", async () => {
    installPeerAddressHeader();
    const server = http.createServer((request, response) => {
      response.end(JSON.stringify(request.headers));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const seen = await new Promise<Record<string, string>>((resolve, reject) => {
        http
          .get(
            {
              host: "127.0.0.1",
              port,
              localAddress: "127.0.0.2",
              headers: { [PEER_HEADER]: "203.0.113.9", "x-forwarded-for": "198.51.100.7" },
            },
            (response) => {
              let body = "";
              response.on("data", (chunk) => (body += chunk));
              response.on("end", () => resolve(JSON.parse(body)));
            },
          )
          .on("error", reject);
      });
      expect(seen[PEER_HEADER]).toBe("127.0.0.2");
      expect(clientAddress(new Headers(seen), [])).toBe("127.0.0.2");
    } finally {
      server.close();
    }
  });

  it("believes X-Forwarded-For only from a trusted proxy, taking the rightmost untrusted address", () => {
    const viaGateway = headers({ [PEER_HEADER]: "10.0.0.5", "x-forwarded-for": "6.6.6.6, 198.51.100.7" });
    expect(clientAddress(viaGateway, [])).toBe("10.0.0.5");
    expect(clientAddress(viaGateway, ["10.0.0.5"])).toBe("198.51.100.7");
    const twoProxies = headers({
      [PEER_HEADER]: "10.0.0.5",
      "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.0.0.6",
    });
    expect(clientAddress(twoProxies, ["10.0.0.5", "10.0.0.6"])).toBe("198.51.100.7");
    expect(clientAddress(headers({ [PEER_HEADER]: "10.0.0.5" }), ["10.0.0.5"])).toBe("10.0.0.5");
    expect(
      clientAddress(headers({ [PEER_HEADER]: "::ffff:10.0.0.5", "x-forwarded-for": "1.2.3.4" }), [
        "10.0.0.5",
      ]),
    ).toBe("1.2.3.4");
    expect(clientAddress(headers({}), [])).toBe("unknown");
  });

  it("trusts CIDR ranges (a pod network) as well as single addresses", () => {
    const viaPods = headers({ [PEER_HEADER]: "10.42.0.17", "x-forwarded-for": "198.51.100.7, 10.42.1.3" });
    expect(clientAddress(viaPods, ["10.42.0.0/16"])).toBe("198.51.100.7");
    expect(clientAddress(viaPods, ["10.43.0.0/16"])).toBe("10.42.0.17");
    const v6 = headers({ [PEER_HEADER]: "fd00::5", "x-forwarded-for": "2001:db8::1" });
    expect(clientAddress(v6, ["fd00::/8"])).toBe("2001:db8::1");
  });

  it("by default believes the X-Forwarded-For of the suite's own gateway (loopback), and no other peer's", async () => {
    const sent = { "x-forwarded-for": "198.51.100.7" };
    // The gateway's nginx runs on the same machine and connects from 127.0.0.1: its visitor counts.
    expect(clientAddress(await seenFrom("127.0.0.1", sent), env.TRUSTED_PROXY_ADDRESSES)).toBe(
      "198.51.100.7",
    );
    // Any other peer is the client itself, whatever it writes in the header.
    expect(clientAddress(await seenFrom("127.0.0.2", sent), env.TRUSTED_PROXY_ADDRESSES)).toBe("127.0.0.2");
  });
});
