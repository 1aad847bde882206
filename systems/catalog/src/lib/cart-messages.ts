/**
 * What store said about an "Add to cart" post, in words for the shopper. store answers with
 * `?added=<itemId>` or `?cartError=<reason>` on the way back; the reason may be a short code or a
 * sentence, so known codes get our own words and anything else is shown (shortened) as it came.
 */
const known: [RegExp, string][] = [
  [/stock|unavailable|sold.?out|available/i, "Sorry — this just sold out, so it wasn't added to your cart."],
  [
    /unknown|not.?found|not.?offered|offer|item/i,
    "The Store doesn't list this item yet. Please try again in a moment.",
  ],
  [/quantity|amount|too.?many|limit/i, "Choose a quantity between 1 and 99."],
  [
    /origin|forbidden|csrf/i,
    "The Store couldn't confirm where this request came from. Please reload the page and try again.",
  ],
];

export function cartErrorMessage(reason: string): string {
  const text = reason.trim().slice(0, 200);
  // store's sentences are shown as they came; markup or links (a crafted address) never are.
  if (/\s/.test(text) && !/[<>{}\\]|:\/\/|www\./i.test(text)) return text;
  for (const [pattern, message] of known) if (pattern.test(text)) return message;
  return "The Store couldn't add this to your cart. Please try again.";
}
