/**
 * The edge of store's HTML form endpoints (route handlers that answer a plain `<form method=post>`
 * with a redirect): reading the body with a size limit, and the answers such endpoints give.
 */
import { ApiError, readBody } from "@scs/web/api";

const MAX_FORM_BYTES = 16 * 1024;
const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/** The posted fields as strings (files are ignored); throws ApiError 415 or 413. */
export async function readForm(request: Request): Promise<Record<string, string>> {
  const type = request.headers.get("content-type") ?? "";
  if (!FORM_TYPES.test(type)) throw new ApiError(415, "Send the form as application/x-www-form-urlencoded");
  if (Number(request.headers.get("content-length") ?? "0") > MAX_FORM_BYTES) {
    throw new ApiError(413, `Form larger than ${MAX_FORM_BYTES} bytes`);
  }
  const body = await readBody(request, MAX_FORM_BYTES, "Form");
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "content-type": type } }).formData();
  } catch {
    throw new ApiError(400, "The form could not be read");
  }
  const fields: Record<string, string> = {};
  for (const [name, value] of form) {
    if (typeof value === "string" && !(name in fields)) fields[name] = value;
  }
  return fields;
}

/** 303 See Other: the browser follows with a GET, so a reload does not post the form again. */
export function seeOther(location: string, setCookies: string[] = []): Response {
  const headers = new Headers({ location, "cache-control": "no-store" });
  for (const cookie of setCookies) headers.append("set-cookie", cookie);
  return new Response(null, { status: 303, headers });
}

/** `url` with the given query parameters set (and the named ones removed). */
export function withParams(
  url: string,
  base: string,
  set: Record<string, string>,
  remove: readonly string[] = [],
): string {
  const target = new URL(url, base);
  for (const name of [...remove, ...Object.keys(set)]) target.searchParams.delete(name);
  for (const [name, value] of Object.entries(set)) target.searchParams.set(name, value);
  return target.href;
}

/** A refusal a person may see in the browser: a short plain-text page. */
export function refuse(status: number, message: string): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}
