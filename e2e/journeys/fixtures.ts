/**
 * The journeys' `test`: Playwright's, plus an accessibility check of every page a journey visits.
 * Import `test` and `expect` from here, never from "@playwright/test" (biome enforces it).
 *
 * Each page of every browser context a test opens (its `page`, `context`, and those it makes with
 * `browser.newContext()` / `browser.newPage()`) is looked at as the journey goes: when a document
 * it navigates to (or a client-side navigation) has loaded, and when the test ends or closes the
 * context, the DOM is copied (a snapshot), beside the journey, never in its way. When the test has
 * passed, each snapshot is written (scripts removed) into a spare page at the same origin, with the
 * page's own stylesheets, and checked with axe-core against the WCAG 2.1 A and AA rules; the test
 * fails with every violation, page by page. Checking after the test keeps axe's seconds out of the
 * journeys' timeouts, and a test that opens no page costs nothing (no browser is started for it).
 *
 * To keep the e2e stage short, each page is checked once per run: a page is its route (ids and
 * numbers stripped, query keys kept, so `?added=…` is a page of its own) and whether the visitor is
 * signed in. `E2E_AXE=off` turns the check off (to measure what it costs).
 */

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import {
  type Browser,
  type BrowserContext,
  test as base,
  expect as baseExpect,
  type Page,
} from "@playwright/test";
import type axe from "axe-core";
import { suite } from "./suite";

const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
/** Where the spare page opens a document for each copy: answered by a route, never by the system. */
const SPARE_PATH = "/__axe-spare__";
/** The suite's own pages are checked; a page a journey serves itself (a foreign framer) is not. */
const SUITE_ORIGINS = new Set(
  [...Object.values(suite.urls), suite.frontDoor].filter(Boolean).map((url) => new URL(url).origin),
);
const SESSION_COOKIE = "scs_session";
/** Ends every transition and animation of a copy at once (cancelled, each property takes its end value). */
const SETTLED = "*, *::before, *::after { transition: none !important; animation: none !important; }";
/** axe-core, minified: parsed in every document the spare page checks. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface Snapshot {
  /** The page it is of (route and sign-in). */
  key: string;
  url: string;
  html: string;
}

export interface Finding {
  url: string;
  rule: string;
  help: string;
  targets: string[];
}

const enabled = process.env.E2E_AXE !== "off";

/**
 * Every violation the check has reported in this worker, in order: `axe-fixture.spec.ts` reads it
 * to prove that its journey failed for its unreadable text and not for something else.
 */
const findings: Finding[] = [];
export const reported: readonly Finding[] = findings;

/** Per worker (one worker per run): the pages taken (checked, or to be), and what checking cost. */
const taken = new Set<string>();
const cost = { checks: 0, repeats: 0, ms: 0, open: 0, write: 0, run: 0 };
/** The running test's snapshots (one test at a time per worker); undefined between tests. */
let snapshots: Snapshot[] | undefined;

/** The route with ids stripped: /products/3f2a…/edit and /products/9b1c…/edit are one page. */
function route(url: URL): string {
  const path = url.pathname
    .split("/")
    .map((part) => (/\d/.test(part) || part.length > 24 ? ":id" : part))
    .join("/");
  return `${url.host}${path}?${[...new Set(url.searchParams.keys())].sort().join("&")}`;
}

/** In the page: its address and type, and whether the test wrote this document itself. */
function locate(): { href: string; type: string; written: boolean } {
  return { href: location.href, type: document.contentType, written: window.axeWrittenByTest === true };
}

/**
 * In the page: the document as it is now, without its scripts (the copy must not run the app
 * again) and with what the user typed or chose written into attributes (the copy keeps only those).
 */
function serialize(): { href: string; html: string } {
  const copy = document.documentElement.cloneNode(true) as HTMLElement;
  for (const element of copy.querySelectorAll('script, link[rel="modulepreload"], link[as="script"]')) {
    element.remove();
  }
  for (const input of copy.querySelectorAll("input")) {
    input.setAttribute("value", input.value);
    input.toggleAttribute("checked", input.checked);
  }
  for (const area of copy.querySelectorAll("textarea")) area.textContent = area.value;
  for (const option of copy.querySelectorAll("option")) option.toggleAttribute("selected", option.selected);
  return { href: location.href, html: `<!DOCTYPE html>${copy.outerHTML}` };
}

/**
 * Copies the page's document, unless its page is taken already. A `last` copy (the state a test
 * leaves an open page in) replaces the test's own earlier copy of the page: what the user did on
 * it since it loaded (a player opened, a message shown) is checked instead of its first paint.
 */
async function snapshot(page: Page, { last = false, state = "" } = {}): Promise<void> {
  const mine = snapshots;
  if (!mine || page.isClosed()) return;
  try {
    await page.waitForLoadState("load");
    // After a client-side navigation (a server action's redirect) Next streams the new page's
    // metadata after its body: copied in between, the document has no <title> yet (axe:
    // document-title). Wait for it, a while: a page that has none is still copied and reported.
    await page
      .waitForFunction(() => document.title.trim() !== "", undefined, { timeout: 5_000 })
      .catch(() => {});
    const { href, type, written } = await page.evaluate(locate);
    const url = new URL(href);
    // e.g. chrome-error: when a system is down; a JSON or image document is no page.
    if (!SUITE_ORIGINS.has(url.origin) || type !== "text/html" || written) return;
    const signedIn = (await page.context().cookies(href)).some((cookie) => cookie.name === SESSION_COOKIE);
    const key = `${route(url)} ${signedIn ? "signed-in" : "visitor"}${state && ` #${state}`}`;
    if (taken.has(key) && !(last && mine.some((copy) => copy.key === key))) {
      cost.repeats++;
      return;
    }
    // Taken before the copy is read: two navigations in a row to one page (a redirect, a router's
    // replace) copy it once.
    const reserved = !taken.has(key);
    taken.add(key);
    const copy = await page.evaluate(serialize).catch((error: unknown) => {
      if (reserved) taken.delete(key);
      throw error;
    });
    if (copy.href !== href) {
      // Navigated meanwhile: that document is taken on its own navigation.
      if (reserved) taken.delete(key);
      return;
    }
    const earlier = mine.findIndex((taken) => taken.key === key);
    if (earlier >= 0) mine.splice(earlier, 1);
    mine.push({ key, url: href, html: copy.html });
  } catch (error) {
    // The page navigated or closed meanwhile: its next document is taken instead.
    if (!/closed|destroyed|navigat|Target/i.test(String(error))) throw error;
  }
}

/**
 * Has the page checked as it is now too, as a page of its own named `state`: for what a journey
 * opens on a page without navigating (music's player), which the copy taken when the page loaded
 * does not show. Once per run, like every page.
 */
export async function checkThisState(page: Page, state: string): Promise<void> {
  if (enabled) await snapshot(page, { state });
}

/** Snapshots being taken beside the journey: awaited before a check or a context's close. */
const pending = new Set<Promise<void>>();

function watchPage(page: Page): void {
  // A document the test writes itself (the hardening journey's foreign framer, written over a
  // system's page, keeps that page's address) is no page of the suite. The mark is on the
  // window, which the next navigation replaces.
  const setContent = page.setContent.bind(page);
  page.setContent = async (...args) => {
    await setContent(...args);
    await page.evaluate(() => {
      window.axeWrittenByTest = true;
    });
  };
  page.on("framenavigated", (frame) => {
    if (frame !== page.mainFrame()) return;
    const taking = snapshot(page).finally(() => pending.delete(taking));
    pending.add(taking);
  });
}

/** The last state of each open page of these contexts (client-side changes since their load). */
async function snapshotOpenPages(contexts: Iterable<BrowserContext>): Promise<void> {
  await Promise.all(pending);
  for (const context of contexts) for (const page of context.pages()) await snapshot(page, { last: true });
}

const watched = new WeakSet<BrowserContext>();

function watchContext(context: BrowserContext): void {
  if (watched.has(context)) return;
  watched.add(context);
  for (const page of context.pages()) watchPage(page);
  context.on("page", watchPage);
}

/** Contexts the running test made with `browser.newContext()` / `browser.newPage()`, still open. */
const madeByTest = new Set<BrowserContext>();

/**
 * Watches the contexts a test makes itself (and takes their pages' last state when the test closes
 * them); returns the unwatched `newContext`, for the spare page.
 */
function watchBrowser(browser: Browser): Browser["newContext"] {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const context = await newContext(...args);
    madeByTest.add(context);
    watchContext(context);
    const close = context.close.bind(context);
    context.close = async (...closeArgs) => {
      if (madeByTest.delete(context)) await snapshotOpenPages([context]);
      return close(...closeArgs);
    };
    return context;
  };
  browser.newPage = async (...args) => {
    // Like Playwright's own newPage: a context of its own, closed with the page.
    const context = await browser.newContext(...args);
    const page = await context.newPage();
    const close = page.close.bind(page);
    page.close = async (...closeArgs) => {
      await context.close();
      return close(...closeArgs);
    };
    return page;
  };
  return newContext;
}

/**
 * The page the snapshots are checked in, made when a test first has some: a context of its own
 * with axe-core in every document. Each copy gets a new document at its page's origin (written
 * into the same one, music's `color-scheme: dark` stayed for the next page of the front door's
 * origin), and is written into it once no route is left, so stylesheets come from the browser's
 * cache (a route turns it off).
 */
class Spare {
  #page: Page | undefined;
  constructor(private readonly newContext: Browser["newContext"]) {}

  async check({ url, html }: Snapshot): Promise<Finding[]> {
    const started = performance.now();
    const page = await this.at(new URL(url).origin);
    const opened = performance.now();
    await page.setContent(html, { waitUntil: "load" });
    // Colours as they end: the CSP walk once failed on catalog's `.btn-primary` caught in a
    // transition (#d5d5fc on #b2644b, 3.06:1; #d5d5fc is 84% of the way from a link's #0000ee to white).
    await page.addStyleTag({ content: SETTLED });
    const written = performance.now();
    // Only the violations are worked out in full (axe's own advice for speed).
    const results = await page.evaluate((options) => window.axe.run(document, options), {
      runOnly: { type: "tag", values: WCAG_21_AA },
      resultTypes: ["violations"],
    } satisfies axe.RunOptions);
    cost.open += opened - started;
    cost.write += written - opened;
    cost.run += performance.now() - written;
    return results.violations.map((violation) => ({
      url,
      rule: violation.id,
      help: violation.help,
      targets: violation.nodes.map((node) => `${node.target.join(" ")} — ${node.failureSummary ?? ""}`),
    }));
  }

  async close(): Promise<void> {
    await this.#page?.context().close();
  }

  private async at(origin: string): Promise<Page> {
    if (!this.#page) {
      const context = await this.newContext();
      await context.addInitScript({ content: AXE_SOURCE });
      this.#page = await context.newPage();
    }
    const page = this.#page;
    const at = `${origin}${SPARE_PATH}`;
    await page.route(at, (request) => request.fulfill({ contentType: "text/html", body: "<!DOCTYPE html>" }));
    await page.goto(at);
    await page.unroute(at);
    return page;
  }
}

declare global {
  interface Window {
    axe: typeof axe;
    axeWrittenByTest?: boolean;
  }
}

let spare: Spare | undefined;

export const test = base.extend<{ axe: undefined; context: BrowserContext }, { browser: Browser }>({
  browser: [
    async ({ browser }, use) => {
      if (!enabled) return use(browser);
      spare = new Spare(watchBrowser(browser));
      await use(browser);
      await spare.close();
      spare = undefined;
      console.log(
        `axe: ${cost.checks} pages checked in ${(cost.ms / 1000).toFixed(1)} s (a new document ${(cost.open / 1000).toFixed(1)} s, the copy written into it ${(cost.write / 1000).toFixed(1)} s, axe ${(cost.run / 1000).toFixed(1)} s), ${cost.repeats} visits of pages already checked`,
      );
    },
    { scope: "worker" },
  ],
  context: async ({ context }, use) => {
    if (enabled) watchContext(context);
    await use(context);
    if (enabled) await snapshotOpenPages([context]);
  },
  axe: [
    // No dependency on `browser`: a journey that opens no page starts no browser for the check.
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
    async ({}, use, testInfo) => {
      if (!enabled) return use(undefined);
      snapshots = [];
      await use(undefined);
      await snapshotOpenPages([...madeByTest].filter((context) => context.browser()?.isConnected()));
      madeByTest.clear();
      const mine = snapshots;
      snapshots = undefined;
      if (testInfo.status !== "passed" || mine.length === 0 || !spare) {
        // A journey that failed is not checked, so that a later test checks these pages.
        for (const { key } of mine) taken.delete(key);
        return;
      }
      const started = performance.now();
      const found: Finding[] = [];
      for (const page of mine) found.push(...(await spare.check(page)));
      const ms = performance.now() - started;
      cost.ms += ms;
      cost.checks += mine.length;
      testInfo.annotations.push({
        type: "axe",
        description: `${mine.length} pages checked in ${Math.round(ms)} ms`,
      });
      findings.push(...found);
      const report = found
        .map((f) => `${f.url}\n  ${f.rule}: ${f.help}\n    ${f.targets.join("\n    ")}`)
        .join("\n");
      expect(found, `WCAG 2.1 A/AA violations (axe-core):\n${report}`).toEqual([]);
    },
    // Checking takes a fraction of a second a page (more on a loaded machine): not the test's time.
    { auto: true, timeout: 120_000 },
  ],
});

/**
 * Playwright's `expect`, whose `poll` waits at most half a second between tries (Playwright's own
 * grows to a second), like `toPass` in the config: the journeys poll replication and sagas that
 * settle in moments, and a second's step added half a second to each wait on average.
 */
export const expect = baseExpect.configure({});
const POLL_INTERVALS = [100, 250, 500];
expect.poll = ((actual, options) =>
  baseExpect.poll(
    actual,
    typeof options === "string"
      ? { message: options, intervals: POLL_INTERVALS }
      : { intervals: POLL_INTERVALS, ...options },
  )) as typeof baseExpect.poll;
