/** POST /api/accounts {email,password,name} → 201 {id,email,name}; 409 when the email is taken. */
import { ApiError, apiRoute, readJson } from "@scs/web/api";
import { getDb } from "@/db/client";
import { createAccount, newAccountSchema } from "@/domain/accounts";

export const dynamic = "force-dynamic";

export const POST = apiRoute("/api/accounts", async (request) => {
  const input = await readJson(request, newAccountSchema);
  const result = await createAccount(getDb(), input);
  if (!result.ok) {
    throw new ApiError(409, "An account with this email already exists", [
      { path: "email", message: "An account with this email already exists" },
    ]);
  }
  const { id, email, name } = result.account;
  return Response.json({ id, email, name }, { status: 201 });
});
