/**
 * The JSON API edge, shared by every system's route handlers: one error shape (CONTRACT "JSON
 * APIs"), body parsing that answers 415/413/400 instead of throwing, and a wrapper that turns any
 * unexpected failure into a logged 500 JSON and records the request's duration.
 */

import { processLogger } from "@scs/messaging/log";
import type { z } from "zod";
import { observeHttp } from "./metrics";

export type ApiIssue = { path: string; message: string };

export function jsonError(status: number, error: string, issues: ApiIssue[] = []): Response {
  return Response.json({ error, issues }, { status });
}

export const issuesOf = (error: z.ZodError): ApiIssue[] =>
  error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));

/** Thrown inside a handler to answer with an error; caught by `apiRoute`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
  }
}

const DEFAULT_MAX_BYTES = 64 * 1024;

/** Reads and validates a JSON body; throws ApiError 415, 413 or 400. */
export async function readJson<S extends z.ZodType>(
  request: Request,
  schema: S,
  { maxBytes = DEFAULT_MAX_BYTES } = {},
): Promise<z.infer<S>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new ApiError(415, "Content-Type must be application/json");
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new ApiError(413, `Body larger than ${maxBytes} bytes`);
  const text = await readLimited(request, maxBytes);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError(400, "Body is not valid JSON");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ApiError(400, "Invalid request body", issuesOf(parsed.error));
  return parsed.data;
}

/** The body as text, at most `maxBytes` read; throws ApiError 413 past it, 400 if not UTF-8. */
async function readLimited(request: Request, maxBytes: number): Promise<string> {
  const bytes = await readBody(request, maxBytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError(400, "Body is not valid UTF-8");
  }
}

/**
 * The body's bytes, reading no more than `maxBytes` (a client may lie in Content-Length or send
 * none); throws ApiError 413 with "<what> larger than N bytes" past the limit.
 */
export async function readBody(
  request: Request,
  maxBytes: number,
  what = "Body",
): Promise<Uint8Array<ArrayBuffer>> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new ApiError(413, `${what} larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** Validates query parameters with a schema; throws ApiError 400. */
export function readQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new ApiError(400, "Invalid query parameters", issuesOf(parsed.error));
  return parsed.data;
}

const httpLog = processLogger("http");

type Handler<C> = (request: Request, context: C) => Promise<Response> | Response;

/** Wraps a route handler: ApiError → its JSON error, anything else → logged 500; duration recorded. */
export function apiRoute<C = unknown>(route: string, handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    const started = performance.now();
    let response: Response;
    try {
      response = await handler(request, context);
    } catch (error) {
      if (error instanceof ApiError) {
        response = jsonError(error.status, error.message, error.issues);
      } else {
        httpLog(
          `${route}: ${request.method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          "error",
        );
        response = jsonError(500, "Internal error");
      }
    }
    observeHttp(route, request.method, response.status, (performance.now() - started) / 1000);
    return response;
  };
}
