/**
 * POST /api/accounts {email,password,name} → 201 {id,email,name}; 409 when the email is taken
 * (said on purpose: docs/decisions/0014-sign-in-limits-and-hashing.md); 429 with `Retry-After`
 * when this client has tried too many sign-ups, 503 when the hashing queue is full.
 */
import { ApiError, apiRoute, readJson } from "@scs/web/api";
import { admitSignUp, clientOf, guardedCreateAccount } from "@/auth/sign-in-guard";
import { newAccountSchema } from "@/domain/accounts";
import { refusalResponse } from "@/lib/refusal";

export const dynamic = "force-dynamic";

export const POST = apiRoute("/api/accounts", async (request) => {
  const input = await readJson(request, newAccountSchema);
  const client = clientOf(request.headers);
  const refused = admitSignUp(client);
  if (refused) return refusalResponse(refused);
  const result = await guardedCreateAccount(client, input);
  if (!result.ok && result.reason === "refused") return refusalResponse(result.refusal);
  if (!result.ok) {
    throw new ApiError(409, "An account with this email already exists", [
      { path: "email", message: "An account with this email already exists" },
    ]);
  }
  const { id, email, name } = result.account;
  return Response.json({ id, email, name }, { status: 201 });
});
