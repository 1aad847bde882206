/**
 * The sign-in gate on a real node:http server, as instrumentation.ts installs it: concurrent
 * attempts of one client beyond the first are answered 429 before the application sees them.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setUpRouteEnv } from "@/testing/route-env";

setUpRouteEnv();

let server: http.Server;
let port = 0;
/** Requests the application received and has not answered yet: it answers when the test says. */
let held: http.ServerResponse[] = [];

beforeAll(async () => {
  const { installPeerAddressHeader } = await import("./client-address");
  const { screenSignInRequest } = await import("./sign-in-gate");
  installPeerAddressHeader(screenSignInRequest);
  server = http.createServer((request, response) => {
    request.resume();
    held.push(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
afterAll(() => agent.destroy());

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

function send(path: string, { from = "127.0.0.1", method = "POST", cookie = "" } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      const request = http.request(
        {
          host: "127.0.0.1",
          port,
          path,
          method,
          localAddress: from,
          agent,
          headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
        },
        (response) => {
          let body = "";
          response.on("data", (chunk) => {
            body += chunk;
          });
          response.on("end", () =>
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
          );
        },
      );
      request.on("error", reject);
      request.end(method === "POST" ? "{}" : undefined);
    },
  );
}

/**
 * Sends the requests at once; when each was either answered (by the gate) or reached the
 * application, the application answers its own — so those were in progress together.
 */
async function together(requests: Parameters<typeof send>[]): Promise<Answer[]> {
  let answered = 0;
  const sent = requests.map((args) =>
    send(...args).finally(() => {
      answered += 1;
    }),
  );
  await vi.waitFor(() => expect(answered + held.length).toBe(requests.length), { timeout: 10_000 });
  for (const response of held) response.end("handled");
  held = [];
  return Promise.all(sent);
}

describe("the sign-in gate", () => {
  it("lets one attempt of a client through at a time and answers the others 429 at once", async () => {
    const answers = await together(
      Array.from({ length: 20 }, () => ["/api/session", { from: "127.0.3.1" }] as const),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(19);
    const [one] = refused as [Answer];
    expect(one.headers["retry-after"]).toBe("1");
    expect(one.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(one.body)).toEqual({
      error: expect.stringMatching(/Try again in a second/),
      issues: [],
    });
    // The security headers of every response of the suite (issue 10, item 3).
    expect(one.headers["x-frame-options"]).toBe("DENY");
    expect(one.headers["x-content-type-options"]).toBe("nosniff");
    expect(one.headers["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
    // Once the attempt is answered the client may try again.
    expect((await together([["/api/session", { from: "127.0.3.1" }]]))[0]?.status).toBe(200);
  });

  it("guards every door (APIs and the forms' posts, however the path is spelled), nothing else", async () => {
    for (const path of [
      "/api/accounts",
      "/signin?returnTo=%2Fcart",
      "/signup",
      "/api/session/",
      "/api/%73ession",
    ]) {
      const answers = await together([
        [path, { from: "127.0.3.2" }],
        [path, { from: "127.0.3.2" }],
      ]);
      expect(answers.map((a) => a.status).sort(), path).toEqual([200, 429]);
      if (!path.startsWith("/api/"))
        expect(answers.find((a) => a.status === 429)?.headers["content-type"], path).toMatch(/^text\/html/);
    }
    for (const [path, method] of [
      ["/api/cart", "POST"],
      ["/signin", "GET"],
      ["/account", "POST"],
    ] as const) {
      const answers = await together([
        [path, { from: "127.0.3.3", method }],
        [path, { from: "127.0.3.3", method }],
      ]);
      expect(
        answers.map((a) => a.status),
        `${method} ${path}`,
      ).toEqual([200, 200]);
    }
  });

  it("tells clients apart by address, and a device of store's own apart from its address", async () => {
    const { deviceKey, issueDeviceToken } = await import("@/auth/device-cookie");
    const device = `scs_device=${issueDeviceToken(deviceKey(), "someone@example.com")}`;
    const answers = await together([
      ["/api/session", { from: "127.0.3.4" }],
      ["/api/session", { from: "127.0.3.5" }],
      ["/api/session", { from: "127.0.3.4", cookie: device }],
      // A forged device cookie is just the address.
      ["/api/session", { from: "127.0.3.4", cookie: `${device}x` }],
    ]);
    const [address, other, trusted, forged] = answers.map((a) => a.status);
    expect([other, trusted]).toEqual([200, 200]);
    expect([address, forged].sort()).toEqual([200, 429]);
  });

  it("answers a client store has refused (429) itself until its Retry-After, at that kind of door only", async () => {
    // The application refuses the first attempt as store's limits do.
    const first = send("/api/session", { from: "127.0.3.6" });
    await vi.waitFor(() => expect(held).toHaveLength(1), { timeout: 10_000 });
    const refused = held.pop() as http.ServerResponse;
    refused.statusCode = 429;
    refused.setHeader("retry-after", "30");
    refused.end(JSON.stringify({ error: "Too many sign-in attempts.", issues: [] }));
    expect((await first).status).toBe(429);

    // The next attempts of that client never reach the application.
    const answers = await together([
      ["/api/session", { from: "127.0.3.6" }],
      ["/signin", { from: "127.0.3.6" }],
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(429);
      expect(Number(answer.headers["retry-after"])).toBeGreaterThan(25);
      expect(Number(answer.headers["retry-after"])).toBeLessThanOrEqual(30);
    }
    expect(JSON.parse((answers[0] as Answer).body).error).toMatch(
      /your last one was refused\. Try again in (29|30) seconds/,
    );
    // Sign-up has limits of its own, and other clients are not concerned.
    const others = await together([
      ["/api/accounts", { from: "127.0.3.6" }],
      ["/api/session", { from: "127.0.3.7" }],
    ]);
    expect(others.map((a) => a.status)).toEqual([200, 200]);
  });
});
