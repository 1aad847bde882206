/** A cookie's value from a raw `Cookie` header (route handlers, and the sign-in gate before Next.js). */
export function cookieFrom(header: string | null | undefined, name: string): string | undefined {
  for (const part of header?.split(/;\s*/) ?? []) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq) === name) return part.slice(eq + 1);
  }
  return undefined;
}
