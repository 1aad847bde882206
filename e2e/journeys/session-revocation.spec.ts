/**
 * Sessions are revoked in all three systems without any call to store (issue 10, item 6; decision
 * 0016): catalog and music learn an account's "sessions valid after" instant and roles from the
 * `store.customer.upserted` they copy, and refuse every session issued before it.
 */
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { apiToken, signIn, suite } from "./suite";

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 46656).toString(36)}`;

/** A new customer account through store's API: its id, email and password. */
async function newAccount(request: APIRequestContext, name: string) {
  const email = `revoke-${unique()}@example.com`;
  const password = `pw-${unique()}-long`;
  const response = await request.post(`${suite.urls.store}/api/accounts`, {
    data: { email, password, name },
  });
  expect(response.status()).toBe(201);
  const { id } = (await response.json()) as { id: string };
  return { id, email, password };
}

async function setAdmin(request: APIRequestContext, token: string, id: string, admin: boolean) {
  const response = await request.patch(`${suite.urls.store}/api/accounts/${id}`, {
    headers: { authorization: `Bearer ${token}` },
    data: { admin },
  });
  expect(response.status()).toBe(200);
  expect(((await response.json()) as { roles: string[] }).roles.includes("admin")).toBe(admin);
}

/** The HTTP status catalog's back office answers this browser (200 admin, 403 not, 307 signed out). */
async function backOfficeStatus(page: Page): Promise<number> {
  const response = await page.request.get(`${suite.urls.catalog}/admin`, { maxRedirects: 0 });
  return response.status();
}

/** This browser's session token (the scs_session cookie). */
async function sessionToken(page: Page): Promise<string> {
  const cookie = (await page.context().cookies(suite.urls.store)).find((c) => c.name === "scs_session");
  expect(cookie?.value).toBeTruthy();
  return cookie?.value ?? "";
}

/** Polls `probe` until it returns `expected` or `ms` have passed since `since`; returns the time taken. */
async function within(ms: number, since: number, probe: () => Promise<unknown>, expected: unknown) {
  let last: unknown;
  while (Date.now() - since <= ms) {
    last = await probe();
    if (last === expected) return Date.now() - since;
  }
  throw new Error(`still ${String(last)} (expected ${String(expected)}) ${ms} ms after the change`);
}

test("an administrator signed in at catalog is demoted at store and loses catalog's back office within 1 s", async ({
  page,
  request,
}) => {
  const adminToken = await apiToken(request, suite.adminEmail, suite.adminPassword);
  const merchandiser = await newAccount(request, "Mara Merchandiser");
  await setAdmin(request, adminToken, merchandiser.id, true);

  await signIn(page, merchandiser.email, merchandiser.password, `${suite.urls.catalog}/admin`);
  // catalog's copy of the account must say "admin" too before its back office opens.
  await expect.poll(() => backOfficeStatus(page), { timeout: 5_000 }).toBe(200);
  await page.goto(`${suite.urls.catalog}/admin`);
  await expect(page).toHaveURL(`${suite.urls.catalog}/admin`);
  const oldToken = await sessionToken(page);

  const demotedAt = Date.now();
  await setAdmin(request, adminToken, merchandiser.id, false);
  const took = await within(1_000, demotedAt, () => backOfficeStatus(page), 403);
  console.log(`catalog's back office refused the demoted administrator ${took} ms after the demotion`);

  // The same browser sees catalog's 403 page; the old token is refused by music's admin API too.
  const forbidden = await page.goto(`${suite.urls.catalog}/admin`);
  expect(forbidden?.status()).toBe(403);
  await expect
    .poll(async () => {
      const response = await request.post(`${suite.urls.music}/api/albums`, {
        headers: { authorization: `Bearer ${oldToken}` },
        data: {
          title: "Never",
          artist: "Nobody",
          priceCents: 100,
          tracks: [{ title: "x", durationSeconds: 60 }],
        },
      });
      return response.status();
    })
    .toBe(401);
});

test("a customer signs out everywhere at store: the session of another device ends in catalog and music", async ({
  browser,
  request,
}) => {
  const customer = await newAccount(request, "Sam Shopper");
  const laptop = await browser.newPage();
  const phone = await browser.newPage(); // another browser context: another device
  await signIn(laptop, customer.email, customer.password);
  await signIn(phone, customer.email, customer.password);
  const phoneToken = await sessionToken(phone);
  const library = () =>
    request
      .get(`${suite.urls.music}/api/library`, { headers: { authorization: `Bearer ${phoneToken}` } })
      .then((r) => r.status());
  expect(await library()).toBe(200);

  await laptop.goto(`${suite.urls.store}/account`);
  await expect(laptop.getByRole("heading", { name: "Your account" })).toBeVisible();
  const signedOutAt = Date.now();
  await laptop.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(laptop.getByRole("heading", { name: "You are signed out" })).toBeVisible();

  await within(2_000, signedOutAt, library, 401);
  const storeOrders = await request.get(`${suite.urls.store}/api/orders`, {
    headers: { authorization: `Bearer ${phoneToken}` },
  });
  expect(storeOrders.status()).toBe(401);
  await laptop.close();
  await phone.close();
});

test("a password change ends the other sessions and keeps this one", async ({ page, request }) => {
  const customer = await newAccount(request, "Pat Password");
  const otherToken = await apiToken(request, customer.email, customer.password);
  await signIn(page, customer.email, customer.password);

  await page.goto(`${suite.urls.store}/account`);
  await page.getByLabel("Current password").fill("not-my-password");
  await page.getByLabel("New password").fill("a-brand-new-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("That is not your current password")).toBeVisible();

  await page.getByLabel("Current password").fill(customer.password);
  await page.getByLabel("New password").fill("a-brand-new-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("password-changed")).toBeVisible();

  // This browser got a new session; the token issued before the change is refused everywhere.
  const mine = await sessionToken(page);
  const status = (url: string, token: string) =>
    request.get(url, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status());
  await expect.poll(() => status(`${suite.urls.music}/api/library`, otherToken)).toBe(401);
  expect(await status(`${suite.urls.store}/api/orders`, otherToken)).toBe(401);
  expect(await status(`${suite.urls.music}/api/library`, mine)).toBe(200);
  expect(await status(`${suite.urls.store}/api/orders`, mine)).toBe(200);
});
