/** Helpers of the store journeys: products and albums of their own, and waiting for store's copies. */
import { createPrivateKey, type JsonWebKey, sign } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect } from "./fixtures";
import { retryOnReset, sessionOf, suite } from "./suite";

export interface Product {
  id: string;
  title: string;
  priceCents: number;
  stock: number;
}

/**
 * A product of this test's own, created through catalog's JSON API as an administrator. Pass the
 * test's `request` fixture, not `page.request`: signing in for the API must not sign in the page.
 */
export async function createProduct(
  request: APIRequestContext,
  {
    title,
    priceCents = 2450,
    stock = 25,
    category = "home-kitchen",
  }: Partial<Product> & { category?: string } = {},
): Promise<Product> {
  const adminToken = await sessionOf(request, "admin");
  const sku = `E2E-STORE-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const response = await request.post(`${suite.urls.catalog}/api/products`, {
    headers: { authorization: `Bearer ${adminToken}` },
    data: {
      sku,
      title: title ?? `Stoneware Mug ${sku.slice(-6)}`,
      description: "Hand-thrown, glazed in deep blue, holds 350 ml.",
      priceCents,
      category,
      stock,
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as Product;
}

/** An album music publishes (the seeded catalogue has a dozen). */
export async function anAlbum(request: APIRequestContext, index = 0): Promise<{ id: string; title: string }> {
  const response = await request.get(`${suite.urls.music}/api/albums`);
  expect(response.ok()).toBe(true);
  const body = (await response.json()) as
    | { items?: { id: string; title: string }[] }
    | { id: string; title: string }[];
  const albums = Array.isArray(body) ? body : (body.items ?? []);
  const album = albums[index % Math.max(1, albums.length)];
  if (!album) throw new Error("music has no albums: was it seeded?");
  return album;
}

/** Waits until store offers the item (its copy arrived over RabbitMQ) and returns store's copy. */
export async function waitForOffer(
  request: APIRequestContext,
  source: "catalog" | "music",
  itemId: string,
  until: (offer: { available: boolean; priceCents: number; version: number }) => boolean = () => true,
) {
  let found: { available: boolean; priceCents: number; version: number } | undefined;
  await expect
    .poll(
      async () => {
        const response = await retryOnReset(() =>
          request.get(`${suite.urls.store}/api/offers?source=${source}&limit=200`),
        );
        if (!response.ok()) return false;
        const { items } = (await response.json()) as {
          items: { itemId: string; available: boolean; priceCents: number; version: number }[];
        };
        found = items.find((o) => o.itemId === itemId);
        return !!found && until(found);
      },
      { timeout: 15_000, message: `store offers ${source} item ${itemId}` },
    )
    .toBe(true);
  return found;
}

/** The suite header's cart count on the current page (rendered once store answered). */
export const headerCartCount = (page: Page) => page.getByTestId("cart-count");

/** The "Add to cart" form posted to store, as catalog, music and store render it. */
export const addToCartButton = (page: Page) =>
  page
    .locator(`form[action="${suite.urls.store}/cart/items"], form[action="/cart/items"]`)
    .getByRole("button", {
      name: "Add to cart",
    });

/** A unique new customer's sign-up details. */
export function newCustomer() {
  const tag = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  return {
    name: `Robin Shopper ${tag.slice(-4)}`,
    email: `robin.${tag}@example.com`,
    password: `pass-${tag}`,
  };
}

/** Fills store's sign-up form (the visitor is already on it) and waits until it has landed. */
export async function fillSignUp(page: Page, customer: ReturnType<typeof newCustomer>) {
  await page.getByLabel("Your name").fill(customer.name);
  await page.getByLabel("Email address").fill(customer.email);
  await page.getByLabel("Password").fill(customer.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/signup"));
}

/**
 * A session token signed with the suite's real key (read from the suite's data directory), with
 * the claims given: to test what a genuinely signed but expired token gets.
 */
export function signedToken(claims: Record<string, unknown>): string {
  const { dataDir } = JSON.parse(process.env.E2E_SUITE_JSON ?? "{}") as { dataDir?: string };
  if (!dataDir) throw new Error("the suite's data directory is unknown");
  const { privateJwk } = JSON.parse(readFileSync(path.join(dataDir, "keys", "session.json"), "utf8")) as {
    privateJwk: JsonWebKey;
  };
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const input = `${encode({ alg: "ES256", typ: "JWT" })}.${encode(claims)}`;
  const key = createPrivateKey({ key: privateJwk, format: "jwk" });
  const signature = sign("sha256", Buffer.from(input), { key, dsaEncoding: "ieee-p1363" });
  return `${input}.${signature.toString("base64url")}`;
}

/** A new customer account created through store's JSON API (then sign in with `signIn`). */
export async function createCustomer(request: APIRequestContext) {
  const customer = newCustomer();
  const response = await request.post(`${suite.urls.store}/api/accounts`, { data: customer });
  expect(response.status()).toBe(201);
  return customer;
}
