/** What the global setup started: URLs and sign-ins of the suite under test. */
import { type APIRequestContext, type BrowserContext, expect, type Page } from "@playwright/test";

interface SuiteInfo {
  urls: { catalog: string; music: string; store: string };
  /** The front door (nginx): one origin, the systems under /catalog/, /music/, /store/. */
  frontDoor: string;
  adminEmail: string;
  adminPassword: string;
  customer: { email: string; password: string };
  /** store's pending-order deadline in this suite (ORDER_PENDING_TIMEOUT_S), in seconds. */
  orderPendingTimeoutS: number;
}

export const suite: SuiteInfo = JSON.parse(process.env.E2E_SUITE_JSON ?? "null") ?? {
  urls: { catalog: "", music: "", store: "" },
  frontDoor: "",
  adminEmail: "",
  adminPassword: "",
  customer: { email: "", password: "" },
  orderPendingTimeoutS: 600,
};

/** Signs in through store's sign-in page, as a person would. */
export async function signIn(page: Page, email: string, password: string, returnTo?: string) {
  const query = returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : "";
  await page.goto(`${suite.urls.store}/signin${query}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: /sign in/i }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
}

/** A bearer token for the JSON APIs, from store's `POST /api/session`. */
export async function apiToken(request: APIRequestContext, email: string, password: string): Promise<string> {
  const response = await request.post(`${suite.urls.store}/api/session`, { data: { email, password } });
  expect(response.status()).toBe(200);
  const { token } = (await response.json()) as { token: string };
  return token;
}

/** The tokens `sessionOf` signed in for, by user; one worker runs the journeys one at a time. */
const sessions = new Map<"admin" | "customer", string>();

/**
 * A session of the suite's administrator or demo customer for a journey that is not about signing
 * in: signed in once (through `POST /api/session`) and reused, because each sign-in is a ~1 s
 * password hash and the journeys needed a few dozen. A session store no longer accepts (the resync
 * journey deletes store's database and makes the customer again) is replaced by a new sign-in.
 */
export async function sessionOf(request: APIRequestContext, who: "admin" | "customer"): Promise<string> {
  const known = sessions.get(who);
  if (known) {
    const check = await request.get(`${suite.urls.store}/api/orders`, {
      headers: { authorization: `Bearer ${known}` },
    });
    // 403: a valid session of an account that places no orders (the administrator).
    if (check.status() !== 401) return known;
  }
  const { email, password } =
    who === "admin" ? { email: suite.adminEmail, password: suite.adminPassword } : suite.customer;
  const token = await apiToken(request, email, password);
  sessions.set(who, token);
  return token;
}

/**
 * Has a browser context signed in with `token`, as store's sign-in would leave it: the
 * `scs_session` cookie (HttpOnly, SameSite=Lax, no Domain). Browsers send a cookie of `localhost`
 * to every port, so the three systems and the front door receive it.
 */
export async function useSession(context: BrowserContext, token: string): Promise<void> {
  await context.addCookies([
    { name: "scs_session", value: token, url: suite.urls.store, httpOnly: true, sameSite: "Lax" },
  ]);
}

type System = "catalog" | "music" | "store";

async function control(system: System, action: "stop" | "start", signal?: "SIGTERM" | "SIGKILL") {
  const response = await fetch(`${process.env.E2E_CONTROL_URL}/systems/${system}/${action}`, {
    method: "POST",
    headers: signal ? { "x-signal": signal } : {},
  });
  if (response.status !== 204) throw new Error(`${action} ${system} failed: ${await response.text()}`);
}

/** Stops one system of the suite under test (SIGKILL to simulate a crash); its port goes dark. */
export const stopSystem = (system: System, signal: "SIGTERM" | "SIGKILL" = "SIGTERM") =>
  control(system, "stop", signal);

/** Starts it again with the same data and waits until it is ready. Call in a `finally`. */
export const startSystem = (system: System) => control(system, "start");

/**
 * Replaces one system with a fresh process with zero downtime (tools/suite/src/restart.mjs): on a free
 * port when it is on its own, else back on its own; the front door follows. Resolves what it took.
 */
export async function restartSystem(
  system: System,
): Promise<{ port: number; readyMs: number; drainMs: number }> {
  const response = await fetch(`${process.env.E2E_CONTROL_URL}/systems/${system}/restart`, {
    method: "POST",
  });
  if (response.status !== 200) throw new Error(`restart ${system} failed: ${await response.text()}`);
  return (await response.json()) as { port: number; readyMs: number; drainMs: number };
}

/**
 * Runs a request again once if the connection was reset: a keep-alive socket that the server closed
 * while it sat idle (e.g. during a long test of another system) is reused by the client.
 */
export async function retryOnReset<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (!/ECONNRESET|socket hang up/.test(String(error))) throw error;
    return send();
  }
}

/**
 * Runs `work` for every item, `lanes` at a time. Journeys that send hundreds of requests, or sign in
 * dozens of times (each a ~1 s password hash), would otherwise spend most of the e2e stage waiting
 * on one round trip at a time while the suite's cores sit idle.
 */
export async function inLanes<T>(
  items: readonly T[],
  lanes: number,
  work: (item: T, index: number) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(lanes, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index] as T, index);
      }
    }),
  );
}
