/**
 * Passes the requested path to server components (the root layout needs the page's own URL for
 * the suite header's sign-in link). Always overwritten, never trusted from outside.
 */
import { type NextRequest, NextResponse } from "next/server";
import { PATH_HEADER } from "./request-path";

export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set(PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ["/((?!api/|images/|audio/|_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
