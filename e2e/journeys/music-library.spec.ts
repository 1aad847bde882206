/**
 * Journeys 2 and 4 in music: a label manager publishes an album from the back office and the
 * store offers it (and withdraws it again once unpublished); a customer who bought an album finds
 * it in "My library" and hears it in full, while a customer who did not only hears the preview.
 */
import { type APIRequestContext, type Browser, type Page, request } from "@playwright/test";
import { expect, test } from "./fixtures";
import { apiToken, retryOnReset, sessionOf, suite, useSession } from "./suite";

interface Offer {
  source: string;
  itemId: string;
  title: string;
  priceCents: number;
}

interface Album {
  id: string;
  title: string;
  tracks: { id: string; title: string; durationSeconds: number }[];
}

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function musicOffer(api: APIRequestContext, albumId: string): Promise<Offer | undefined> {
  const response = await retryOnReset(() => api.get(`${suite.urls.store}/api/offers?source=music&limit=200`));
  expect(response.ok()).toBe(true);
  const { items } = (await response.json()) as { items: Offer[] };
  return items.find((offer) => offer.itemId === albumId);
}

/** An album of this test's own, published through music's JSON API (year 1999: it sorts last). */
async function createAlbum(api: APIRequestContext, title: string): Promise<Album> {
  const token = await sessionOf(api, "admin");
  const response = await api.post(`${suite.urls.music}/api/albums`, {
    headers: { authorization: `Bearer ${token}` },
    data: {
      title,
      artist: "The E2E Ensemble",
      priceCents: 899,
      year: 1999,
      genre: "Electronic",
      tracks: [
        { title: "Opening Lights", durationSeconds: 95 },
        { title: "Long Drive Home", durationSeconds: 240 },
      ],
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as Album;
}

/** A customer account of this test's own, with a bearer token for store's API. */
async function newCustomer(api: APIRequestContext, name: string) {
  const email = `listener-${unique()}@example.com`;
  const password = "listen-to-this-1";
  const created = await api.post(`${suite.urls.store}/api/accounts`, { data: { email, password, name } });
  expect(created.status(), await created.text()).toBe(201);
  return { email, password, token: await apiToken(api, email, password) };
}

/** The shared player's <audio> element: what it plays and how far it got. */
async function playerState(page: Page) {
  return page.getByTestId("player-audio").evaluate((element) => {
    const audio = element as HTMLAudioElement;
    return {
      src: audio.currentSrc,
      kind: audio.dataset.kind,
      time: audio.currentTime,
      duration: audio.duration,
      paused: audio.paused,
    };
  });
}

/** Waits until the player has played past `seconds` (the audio really decodes and advances). */
async function expectPlayingPast(page: Page, seconds: number) {
  await expect
    .poll(async () => (await playerState(page)).time, {
      timeout: 20_000,
      message: "audio currentTime advances",
    })
    .toBeGreaterThan(seconds);
  expect((await playerState(page)).paused).toBe(false);
}

/** A browser of its own, signed in with `token` (the sign-in is the first journey's), at `url`. */
async function signedInPage(browser: Browser, token: string, url: string) {
  const context = await browser.newContext();
  await useSession(context, token);
  const page = await context.newPage();
  await page.goto(url);
  await expect(page).toHaveURL(url);
  return page;
}

test("a label manager publishes an album from the back office, the store offers it, and withdraws it once unpublished", async ({
  page,
}) => {
  const title = `Night Ferry ${unique()}`;

  // The back office sends a signed-out visitor to store's sign-in and back.
  await page.goto(`${suite.urls.music}/admin/albums/new`);
  await expect(page).toHaveURL(new RegExp(`^${suite.urls.store}/signin`));
  await page.getByLabel("Email").fill(suite.adminEmail);
  await page.getByLabel("Password").fill(suite.adminPassword);
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page).toHaveURL(`${suite.urls.music}/admin/albums/new`);

  // A draft first: title, artist, genre, year, price, two tracks, "Published" unticked.
  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByLabel("Artist", { exact: true }).fill("Harbour Pilots");
  await page.getByLabel("Genre", { exact: true }).fill("Synthwave");
  await page.getByLabel("Release year").fill("1999");
  await page.getByLabel(/^Price/).fill("7.77");
  await page.getByLabel("Published").uncheck();
  await page.getByLabel("Title of track 1").fill("Departure Board");
  await page.getByLabel("Duration of track 1 (minutes:seconds)").fill("3:05");
  await page.getByLabel("Title of track 2").fill("Open Water");
  await page.getByLabel("Duration of track 2 (minutes:seconds)").fill("4:40");
  await page.getByRole("button", { name: "Create album" }).click();

  await expect(page).toHaveURL(/\/admin\?notice=created&album=/);
  const albumId = new URL(page.url()).searchParams.get("album") ?? "";
  expect(albumId).not.toBe("");
  await expect(page.getByRole("status")).toContainText(`“${title}” was created as a draft`);
  const row = page.getByRole("row").filter({ hasText: title });
  await expect(row).toContainText("Draft");
  expect(await musicOffer(page.request, albumId)).toBeUndefined();

  // Publish: the store offers it at its price within seconds.
  await row.getByRole("button", { name: `Publish ${title}`, exact: true }).click();
  await expect(page.getByRole("status")).toContainText(`“${title}” is published`);
  await expect(page.getByRole("row").filter({ hasText: title })).toContainText("Published");
  await expect
    .poll(async () => (await musicOffer(page.request, albumId))?.priceCents, { timeout: 10_000 })
    .toBe(777);
  expect((await musicOffer(page.request, albumId))?.title).toBe(title);

  // Its page is public now, with "Add to cart" and a preview of every track.
  await page.goto(`${suite.urls.music}/albums/${albumId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByRole("button", { name: "Add to cart" })).toBeVisible();
  await expect(page.getByTestId("track")).toHaveCount(2);

  // Unpublish from the album's own page: the store stops offering it.
  await page.goto(`${suite.urls.music}/admin/albums/${albumId}`);
  await page.getByRole("button", { name: `Unpublish ${title}`, exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Unpublished");
  await expect
    .poll(async () => (await musicOffer(page.request, albumId)) === undefined, { timeout: 10_000 })
    .toBe(true);
  const visitor = await request.newContext();
  expect((await visitor.get(`${suite.urls.music}/api/albums/${albumId}`)).status()).toBe(404);
  await visitor.dispose();
});

test("a customer who bought an album plays it in full from My library; another customer only gets the preview", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const album = await createAlbum(page.request, `Tidal Memory ${unique()}`);
  const [first] = album.tracks;
  if (!first) throw new Error("the album has no tracks");
  await expect.poll(async () => (await musicOffer(page.request, album.id))?.title).toBe(album.title);

  // A customer buys it through store (its JSON API), and the order is confirmed.
  const buyer = await newCustomer(page.request, "Robin Listener");
  const placed = await page.request.post(`${suite.urls.store}/api/orders`, {
    headers: { authorization: `Bearer ${buyer.token}` },
    data: { lines: [{ source: "music", itemId: album.id, quantity: 1 }] },
  });
  expect(placed.status(), await placed.text()).toBe(201);
  const { id: orderId } = (await placed.json()) as { id: string };
  await expect
    .poll(async () => {
      const order = await page.request.get(`${suite.urls.store}/api/orders/${orderId}`, {
        headers: { authorization: `Bearer ${buyer.token}` },
      });
      return ((await order.json()) as { status?: string }).status;
    })
    .toBe("confirmed");

  // The buyer's library shows the album (granted from store.order.confirmed) with full tracks.
  const buyerPage = await signedInPage(browser, buyer.token, `${suite.urls.music}/library`);
  const shelf = buyerPage.locator(`[data-testid="library-album"][data-album-id="${album.id}"]`);
  await expect(async () => {
    await buyerPage.reload();
    await expect(shelf).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(shelf).toContainText(album.title);
  await shelf.getByRole("button", { name: `Play ${first.title}`, exact: true }).click();
  await expectPlayingPast(buyerPage, 1);
  const owned = await playerState(buyerPage);
  expect(owned.kind).toBe("full");
  expect(owned.src).toContain(`/audio/tracks/${first.id}/full.wav`);
  expect(Math.round(owned.duration)).toBe(first.durationSeconds);

  // Seeking uses a byte range: the player jumps past the preview's length and keeps playing.
  await buyerPage.getByTestId("player-audio").evaluate((audio) => {
    (audio as HTMLAudioElement).currentTime = 60;
  });
  await expectPlayingPast(buyerPage, 60.5);

  // The player keeps playing while the listener moves on to another page.
  await buyerPage.getByRole("navigation", { name: "Music" }).getByRole("link", { name: "Albums" }).click();
  await expect(buyerPage).toHaveURL(`${suite.urls.music}/albums`);
  const before = (await playerState(buyerPage)).time;
  await expectPlayingPast(buyerPage, before + 0.5);
  await expect(buyerPage.getByTestId("player")).toContainText(first.title);

  // The full track, as the buyer's browser fetches it: byte ranges, for the owner only.
  const ranged = await buyerPage.request.get(`${suite.urls.music}/audio/tracks/${first.id}/full.wav`, {
    headers: { range: "bytes=0-43" },
  });
  expect(ranged.status()).toBe(206);
  expect(ranged.headers()["content-range"]).toBe(`bytes 0-43/${44 + first.durationSeconds * 22_050 * 2}`);
  expect((await ranged.body()).subarray(0, 4).toString()).toBe("RIFF");
  await buyerPage.context().close();

  // Another customer (the demo customer did not buy this album) hears the 30-second preview only.
  const otherPage = await signedInPage(
    browser,
    await sessionOf(page.request, "customer"),
    `${suite.urls.music}/albums/${album.id}`,
  );
  await expect(otherPage.getByRole("button", { name: "Add to cart" })).toBeVisible();
  await otherPage.getByRole("button", { name: `Play ${first.title} (preview)`, exact: true }).click();
  await expectPlayingPast(otherPage, 1);
  const preview = await playerState(otherPage);
  expect(preview.kind).toBe("preview");
  expect(preview.src).toContain(`/audio/tracks/${first.id}/preview.wav`);
  expect(Math.round(preview.duration)).toBe(30);
  const refused = await otherPage.request.get(`${suite.urls.music}/audio/tracks/${first.id}/full.wav`);
  expect(refused.status()).toBe(403);
  const library = await otherPage.request.get(`${suite.urls.music}/api/library`);
  expect(((await library.json()) as { items: { id: string }[] }).items.map((a) => a.id)).not.toContain(
    album.id,
  );
  await otherPage.context().close();

  // A visitor gets the preview too, and is asked to sign in for the full track.
  const visitor = await request.newContext();
  expect((await visitor.get(`${suite.urls.music}/audio/tracks/${first.id}/preview.wav`)).status()).toBe(200);
  expect((await visitor.get(`${suite.urls.music}/audio/tracks/${first.id}/full.wav`)).status()).toBe(401);
  expect((await visitor.get(`${suite.urls.music}/api/library`)).status()).toBe(401);
  await visitor.dispose();
});
