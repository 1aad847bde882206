/**
 * The accessibility check of `fixtures.ts` works: a journey on a page that breaks a WCAG rule
 * fails, for that rule on that element, and the page is judged with its own stylesheets (dark text
 * is unreadable only on music's dark background, which comes from its CSS: on the white of a page
 * without styles the text would pass).
 */
import { expect, reported, test } from "./fixtures";
import { suite } from "./suite";

// The second test reads what the check reported on the first, in the same worker.
test.describe.configure({ mode: "serial" });

const PROBE = "Dark on dark";

test("a journey whose page has unreadable text fails the axe check, judged with the page's own styles", async ({
  page,
}) => {
  test.fail(true, "the fixture must report the dark text on music's dark background (color-contrast)");
  // A query key of its own: a page no other journey has had checked in this run.
  await page.goto(`${suite.urls.music}/albums?axe-probe`);
  await page.evaluate((text) => {
    const probe = document.createElement("p");
    probe.id = "axe-probe";
    probe.textContent = text;
    probe.style.color = "#1a1726";
    // body, not main: React leaves what is added at the top of <body> alone when it hydrates.
    document.body.prepend(probe);
  }, PROBE);
  await expect(page.getByText(PROBE)).toBeVisible();
});

test("the journey above failed for the contrast of its dark text, and for nothing else", () => {
  const probed = reported.filter((finding) => finding.url.includes("axe-probe"));
  expect(probed.map((finding) => finding.rule)).toEqual(["color-contrast"]);
  expect(probed[0]?.targets).toEqual([expect.stringMatching(/^#axe-probe — .*insufficient color contrast/s)]);
});
