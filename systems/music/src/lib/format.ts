/** How music writes prices and durations, and reads them back from forms. */

const euros = new Intl.NumberFormat("en-IE", { style: "currency", currency: "EUR" });

/** 999 → "€9.99" */
export const formatPrice = (cents: number) => euros.format(cents / 100);

/** 225 → "3:45", 3725 → "1:02:05" */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}

/** 2520 → "42 min", 4380 → "1 h 13 min" */
export function formatRunningTime(totalSeconds: number): string {
  const minutes = Math.round(totalSeconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * "9.99", "9,99", "€ 9" → cents; anything else → NaN (the schema then says what to enter).
 * At most two decimals.
 */
export function parseEuros(text: string): number {
  const clean = text.trim().replace(/^€\s*/, "").replace(/\s*€$/, "").replace(",", ".");
  if (!/^\d{1,6}(\.\d{1,2})?$/.test(clean)) return Number.NaN;
  const [whole = "0", fraction = ""] = clean.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

/** "3:45" → 225, "1:02:05" → 3725, "245" → 245 (seconds); anything else → NaN. */
export function parseDuration(text: string): number {
  const clean = text.trim();
  if (/^\d{1,5}$/.test(clean)) return Number(clean);
  const match = /^(?:(\d{1,2}):)?(\d{1,3}):([0-5]\d)$/.exec(clean);
  if (!match) return Number.NaN;
  const [, hours = "0", minutes = "0", seconds = "0"] = match;
  if (match[1] !== undefined && Number(minutes) > 59) return Number.NaN;
  return Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
}

/** "2 tracks", "1 track" */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
