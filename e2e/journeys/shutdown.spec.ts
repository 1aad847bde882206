/**
 * Graceful shutdown (issue 9, item 6), on the built store as `npm start` runs it (`next start`,
 * NEXT_MANUAL_SIG_HANDLE, the messaging runtime owning SIGTERM): a sign-in whose body is still on
 * its way when SIGTERM arrives gets its 200, new connections are refused meanwhile, the kept-alive
 * socket is closed after the answer, and the process exits by itself within 10 s.
 */
import http from "node:http";
import { expect, test } from "./fixtures";
import { startSystem, stopSystem, suite } from "./suite";

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
}

function answerOf(request: http.ClientRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    request.on("error", reject);
    request.on("response", (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        body += chunk;
      });
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, body }),
      );
    });
  });
}

/** True when a new connection to the system is refused (its port no longer listens). */
function connectionRefused(base: URL): Promise<boolean> {
  return new Promise((resolve) => {
    http
      .get({ host: base.hostname, port: base.port, path: "/api/health", agent: false }, (response) => {
        response.resume();
        resolve(false);
      })
      .on("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}

test("SIGTERM lets a request in flight finish with its 200, refuses new connections and exits within 10 s", async () => {
  test.setTimeout(120_000);
  const base = new URL(suite.urls.store);
  const body = JSON.stringify({ email: suite.adminEmail, password: suite.adminPassword });
  const agent = new http.Agent({ keepAlive: true });
  // A sign-in whose headers are sent and whose body is held back: `Expect: 100-continue` tells us
  // when store has taken the request, so SIGTERM is sure to find it in flight.
  const request = http.request({
    host: base.hostname,
    port: base.port,
    path: "/api/session",
    method: "POST",
    agent,
    headers: {
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(body)),
      expect: "100-continue",
    },
  });
  const answer = answerOf(request);
  answer.catch(() => {}); // awaited below; a failure must not be reported before that
  await new Promise<void>((resolve, reject) => {
    request.once("continue", () => resolve());
    request.once("error", reject);
  });

  const sigterm = Date.now();
  const exited = stopSystem("store", "SIGTERM").then(() => Date.now() - sigterm);
  try {
    // The server stops listening once no new connection has come for 0.5 s (5 s at most), while
    // the sign-in is still waiting for its body. These polls are connections too: one a second
    // leaves it its quiet half second (every 0.5 s kept it listening to the 5 s limit).
    await expect.poll(() => connectionRefused(base), { intervals: [1_000], timeout: 8_000 }).toBe(true);
    request.end(body);
    const response = await answer;
    expect(response.status, response.body).toBe(200);
    expect(JSON.parse(response.body)).toHaveProperty("token");
    expect(response.connection).toBe("close");
    const exitMs = await exited;
    console.log(`store exited ${exitMs} ms after SIGTERM`);
    expect(exitMs).toBeLessThan(10_000);
  } finally {
    agent.destroy();
    await exited.catch(() => {});
    await startSystem("store");
  }
});
