/**
 * The back office's account changes (administrators only):
 * - `PATCH /api/accounts/{id}` `{"admin":true|false}` → 200 `{id,email,name,roles}`: gives or takes
 *   the administrator role; taking it signs the account out everywhere (store, catalog, music);
 * - `DELETE /api/accounts/{id}` → 204: deletes the account (a tombstone keeps its orders) and
 *   signs it out everywhere.
 * 401 signed out, 403 not an administrator, 404 unknown account, 409 for one's own account.
 */
import { ApiError, apiRoute, readJson } from "@scs/web/api";
import { isAdmin, type Session } from "@scs/web/session";
import { getRequestSession } from "@/auth/session";
import { getDb } from "@/db/client";
import {
  AccountChangeRefused,
  accountRoleChangeSchema,
  deleteAccount,
  setAdministrator,
} from "@/domain/account-changes";
import { segment } from "@/lib/path-param";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

async function requireAdmin(request: Request): Promise<Session> {
  const session = await getRequestSession(request);
  if (!session) throw new ApiError(401, "Sign in as an administrator to change accounts");
  if (!isAdmin(session)) throw new ApiError(403, "Only administrators may change accounts");
  return session;
}

async function accountIdOf(context: Context): Promise<string> {
  const id = segment((await context.params).id);
  if (id.length === 0 || id.length > 100) throw new ApiError(404, "No such account");
  return id;
}

function refusal(error: unknown): never {
  if (error instanceof AccountChangeRefused) throw new ApiError(error.status, error.message);
  throw error;
}

export const PATCH = apiRoute<Context>("/api/accounts/[id]", async (request, context) => {
  const admin = await requireAdmin(request);
  const accountId = await accountIdOf(context);
  const change = await readJson(request, accountRoleChangeSchema);
  try {
    const account = setAdministrator(getDb(), { actorId: admin.sub, accountId, change });
    return Response.json(account, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    refusal(error);
  }
});

export const DELETE = apiRoute<Context>("/api/accounts/[id]", async (request, context) => {
  const admin = await requireAdmin(request);
  const accountId = await accountIdOf(context);
  try {
    deleteAccount(getDb(), { actorId: admin.sub, accountId });
  } catch (error) {
    refusal(error);
  }
  return new Response(null, { status: 204 });
});
