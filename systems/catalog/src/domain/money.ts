/** Prices are integer cents in EUR everywhere; these helpers convert for people. */

const euro = new Intl.NumberFormat("en-IE", { style: "currency", currency: "EUR" });

/** 1999 → "€19.99" */
export const formatPrice = (cents: number): string => euro.format(cents / 100);

/** 1999 → "19.99" (the value of a price input). */
export const centsToInput = (cents: number): string =>
  `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;

/**
 * Parses what a person types into a price field: "19", "19.9", "19.90", "19,90", "€ 1,299.00".
 * Returns integer cents, or null if it is not a price. Exact: no floating point.
 */
export function parseEuroInput(raw: string): number | null {
  let text = raw.replace(/[€\s]/g, "").replace(/^EUR/i, "");
  // "1,299.00" or "1.299,00": the last separator followed by 1–2 digits is the decimal one.
  const decimal = /[.,](\d{1,2})$/.exec(text);
  let fraction = "";
  if (decimal) {
    fraction = decimal[1] ?? "";
    text = text.slice(0, decimal.index);
  }
  const whole = text.replace(/(\d)[.,](?=\d{3}(?:[.,]|$))/g, "$1");
  if (!/^\d{1,9}$/.test(whole)) return null;
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}
