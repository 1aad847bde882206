/**
 * Runs before every page and API route:
 * - A path with malformed percent-encoding (`/orders/%E0`) is answered 400 here: Next.js would
 *   fail to decode the dynamic segment and answer 500.
 * - Pages get the requested path in a header (the root layout needs the page's own URL for the
 *   suite header's sign-in and sign-out links). Always overwritten, never trusted from outside.
 */
import { type NextRequest, NextResponse } from "next/server";
import { PATH_HEADER } from "./request-path";

function decodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (!decodable(pathname)) {
    return pathname.startsWith("/api/")
      ? NextResponse.json({ error: "Malformed percent-encoding in the path", issues: [] }, { status: 400 })
      : new NextResponse("Malformed address.\n", { status: 400, headers: { "content-type": "text/plain" } });
  }
  if (pathname.startsWith("/api/")) return NextResponse.next();
  const headers = new Headers(request.headers);
  headers.set(PATH_HEADER, `${pathname}${search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"] };
