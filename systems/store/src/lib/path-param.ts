/** A dynamic route segment as text: percent-decoded when it can be, else as it came (never throws). */
export function segment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
