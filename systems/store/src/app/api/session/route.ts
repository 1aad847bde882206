/**
 * POST /api/session {email,password} → 200 {token} and the `scs_session` cookie; 401 with one
 * message whether or not the email exists. DELETE /api/session → 204, cookie cleared.
 */
import { ApiError, apiRoute, readJson } from "@scs/web/api";
import { issueSessionToken, sessionSetCookie } from "@/auth/session";
import { getDb } from "@/db/client";
import { authenticate, credentialsSchema } from "@/domain/accounts";

export const dynamic = "force-dynamic";

export const POST = apiRoute("/api/session", async (request) => {
  const credentials = await readJson(request, credentialsSchema);
  const account = await authenticate(getDb(), credentials);
  if (!account) throw new ApiError(401, "Email or password is incorrect");
  const token = await issueSessionToken(account);
  return Response.json(
    { token },
    { headers: { "set-cookie": sessionSetCookie(token), "cache-control": "no-store" } },
  );
});

export const DELETE = apiRoute(
  "/api/session",
  () => new Response(null, { status: 204, headers: { "set-cookie": sessionSetCookie(null) } }),
);
