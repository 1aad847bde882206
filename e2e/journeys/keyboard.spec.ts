/**
 * The shopping journey with the keyboard alone: no click, no `fill`. A person who cannot use a
 * mouse fills the cart in catalog and music, plays a preview in music's player, signs in at store
 * from the cart, checks out and sees the order confirmed. Each control is reached with Tab, must
 * show where the focus is (WCAG 2.4.7), and is worked with Enter, Space or typed keys; the axe
 * fixture checks every page on the way.
 */
import type { Locator, Page } from "@playwright/test";
import { checkThisState, expect, test } from "./fixtures";
import {
  addToCartButton,
  anAlbum,
  createCustomer,
  createProduct,
  headerCartCount,
  waitForOffer,
} from "./store-helpers";
import { suite } from "./suite";

/** Presses Tab until `target` has the focus (at most `limit` times), then checks the focus shows. */
async function tabTo(page: Page, target: Locator, limit = 80): Promise<void> {
  await expect(target).toBeVisible();
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((element) => element === document.activeElement)) {
      const indicator = await target.evaluate((element) => {
        const style = getComputedStyle(element);
        return {
          outline: style.outlineStyle !== "none" && style.outlineWidth !== "0px",
          shadow: style.boxShadow,
        };
      });
      expect(
        indicator.outline || indicator.shadow !== "none",
        `${target} shows a focus indicator (an outline or a ring)`,
      ).toBe(true);
      return;
    }
  }
  throw new Error(`${target} was not reached with ${limit} presses of Tab`);
}

test("a customer shops, plays a preview, signs in and checks out with the keyboard only", async ({
  page,
  request,
}) => {
  const product = await createProduct(request, { priceCents: 1800, stock: 10 });
  const album = await anAlbum(request, 3);
  const customer = await createCustomer(request);
  await waitForOffer(request, "catalog", product.id);
  await waitForOffer(request, "music", album.id);

  // catalog: Tab to the quantity, type 2, Tab to "Add to cart", Enter.
  await page.goto(`${suite.urls.catalog}/products/${product.id}`);
  await tabTo(page, page.getByLabel("Quantity"));
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("2");
  await tabTo(page, addToCartButton(page));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`added=${product.id}`));
  await expect(headerCartCount(page)).toHaveText("2");

  // music: the player starts from the track list with Space, and pauses from its own controls.
  await page.goto(`${suite.urls.music}/albums/${album.id}`);
  const firstTrack = page.getByTestId("track").first().getByRole("button");
  await tabTo(page, firstTrack);
  await page.keyboard.press("Space");
  const player = page.getByTestId("player");
  const pause = player.getByRole("button", { name: /^Pause / });
  await expect(pause).toBeVisible();
  await expect
    .poll(
      () => page.getByTestId("player-audio").evaluate((audio) => (audio as HTMLAudioElement).currentTime),
      {
        timeout: 20_000,
        message: "the preview plays",
      },
    )
    .toBeGreaterThan(0.5);
  await checkThisState(page, "player");
  await tabTo(page, pause);
  await page.keyboard.press("Enter");
  await expect
    .poll(() => page.getByTestId("player-audio").evaluate((audio) => (audio as HTMLAudioElement).paused))
    .toBe(true);

  // …and "Add to cart" with Enter.
  await tabTo(page, addToCartButton(page).first());
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`added=${album.id}`));
  await expect(headerCartCount(page)).toHaveText("3");

  // store: the cart's "Check out" leads to sign-in; the form is filled and sent from the keyboard.
  await page.goto(`${suite.urls.store}/cart`);
  await expect(page.getByTestId("cart-line")).toHaveCount(2);
  await tabTo(page, page.getByRole("link", { name: /check out/i }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`^${suite.urls.store}/signin`));
  await tabTo(page, page.getByLabel("Email"));
  await page.keyboard.type(customer.email);
  await tabTo(page, page.getByLabel("Password"));
  await page.keyboard.type(customer.password);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`${suite.urls.store}/checkout`);
  await expect(page.getByTestId("checkout-line")).toHaveCount(2);

  await tabTo(page, page.getByRole("button", { name: "Place order" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`^${suite.urls.store}/orders/[0-9a-f-]{36}`));
  await expect(page.getByTestId("order-status")).toHaveText("Confirmed", { timeout: 10_000 });
});
