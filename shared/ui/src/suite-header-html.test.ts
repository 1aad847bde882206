import { describe, expect, it } from "vitest";
import { suiteHeaderHtml } from "./suite-header-html";

const urls = { catalog: "/catalog", music: "/music", store: "/store" };

describe("suiteHeaderHtml (store's fragment for the front door)", () => {
  it("carries the cart count and the signed-in name, escaped, with the page to come back to", () => {
    const html = suiteHeaderHtml({
      current: "music",
      urls,
      user: { name: '<Robin "R" & co>', isAdmin: false },
      returnTo: "http://localhost:3000/music/albums/1?x=1&y=2",
      cartCount: 3,
    });
    expect(html).toContain(
      'data-testid="cart-count" class="ml-1 rounded-full bg-white px-1.5 text-xs font-semibold text-ink-900">3<',
    );
    expect(html).toContain("&#60;Robin &#34;R&#34; &#38; co&#62;");
    expect(html).not.toContain("<Robin");
    expect(html).toContain(
      'href="/store/signout?returnTo=http%3A%2F%2Flocalhost%3A3000%2Fmusic%2Falbums%2F1%3Fx%3D1%26y%3D2"',
    );
    expect(html).toContain('<a href="/music" aria-current="page"');
  });

  it("offers sign-in to an anonymous visitor", () => {
    const html = suiteHeaderHtml({ current: "store", urls, user: null, returnTo: "/store/", cartCount: 0 });
    expect(html).toContain('href="/store/signin?returnTo=%2Fstore%2F"');
    expect(html).not.toContain("Sign out");
  });
});
