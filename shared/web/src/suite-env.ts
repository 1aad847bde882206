/**
 * Configuration every system shares, parsed once with a schema so that a bad environment fails
 * at start with a clear message. Each system's `src/env.ts` extends it with its own settings.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";

const url = z.url().transform((u) => u.replace(/\/$/, ""));
const PUBLIC_JWK_REQUIRED =
  "SESSION_PUBLIC_JWK (or SESSION_PUBLIC_JWK_FILE) is required: npm start generates it, docker compose's secrets service writes it";

export const suiteEnvSchema = z.object({
  CATALOG_URL: url.default("http://localhost:3001"),
  MUSIC_URL: url.default("http://localhost:3002"),
  STORE_URL: url.default("http://localhost:3003"),
  /**
   * The front door (nginx, one origin for all three: docs/decisions/0020-front-door.md), when the
   * suite runs behind one: a suite origin like the systems' own (forms, returnTo, CORS).
   */
  FRONT_DOOR_URL: url.optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  /** This system's own broker user, on vhost `scs`. */
  AMQP_URL: z
    .string()
    .regex(/^amqps?:\/\//, "must be an amqp:// URL")
    .default("amqp://localhost:5672/scs"),
  /** The broker's management API; for a cluster, every node's, comma-separated (the first is linked). */
  RABBITMQ_MANAGEMENT_URL: z
    .string()
    .default("http://localhost:15672")
    .refine(
      (list) => list.split(",").every((u) => URL.canParse(u.trim())),
      "must be a URL or a comma-separated list of URLs",
    )
    .transform((list) =>
      list
        .split(",")
        .map((u) => u.trim().replace(/\/$/, ""))
        .join(","),
    ),
  /** The Prometheus that scrapes the suite (`npm start -- --monitoring`): /ops links to its graphs. */
  PROMETHEUS_URL: url.optional(),
  /**
   * store's ES256 public key as a JWK (JSON), to verify sessions without calling store; or
   * SESSION_PUBLIC_JWK_FILE naming a file with it (docker-compose.yml's `secrets` service).
   */
  SESSION_PUBLIC_JWK: z.string({ error: PUBLIC_JWK_REQUIRED }).min(1, PUBLIC_JWK_REQUIRED),
});

export type SuiteEnv = z.infer<typeof suiteEnvSchema>;

/**
 * `next build` imports route modules to collect their configuration, without the runtime's
 * secrets (a build must not depend on them). During the build only, placeholders that can verify
 * or sign nothing stand in for them; every page that uses them renders at request time.
 */
const building = () => process.env.NEXT_PHASE === "phase-production-build";
const SUITE_BUILD_PLACEHOLDERS = { SESSION_PUBLIC_JWK: '{"kty":"EC","crv":"P-256","x":"build","y":"build"}' };

export function parseEnv<S extends z.ZodType>(
  schema: S,
  {
    source = process.env,
    buildPlaceholders = {},
  }: { source?: NodeJS.ProcessEnv; buildPlaceholders?: Record<string, string> } = {},
): z.infer<S> {
  const names = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  const given = withFileValues(source, names);
  const input = building() ? { ...SUITE_BUILD_PLACEHOLDERS, ...buildPlaceholders, ...given } : given;
  const result = schema.safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  return result.data;
}

/**
 * `<NAME>_FILE` names a file that holds NAME's value (Docker secrets, or a volume a one-shot
 * service wrote): read when NAME itself is unset or empty, trimmed. A file that cannot be read
 * fails the start with a message that names it, never a silent default.
 */
export function withFileValues(source: NodeJS.ProcessEnv, names: readonly string[]): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = { ...source };
  const problems: string[] = [];
  for (const name of names) {
    const file = source[`${name}_FILE`];
    if (!file || (source[name] ?? "") !== "") continue;
    try {
      result[name] = readFileSync(file, "utf8").trim();
    } catch (error) {
      problems.push(
        `  ${name}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      );
    }
  }
  if (problems.length > 0) throw new Error(`Invalid configuration:\n${problems.join("\n")}`);
  return result;
}

/**
 * The suite's own origins: the only ones allowed for cross-system form posts, CORS and returnTo —
 * the systems' and, when there is one, the front door's.
 */
export const suiteOrigins = (
  env: Pick<SuiteEnv, "CATALOG_URL" | "MUSIC_URL" | "STORE_URL"> & { FRONT_DOOR_URL?: string | undefined },
) =>
  [env.CATALOG_URL, env.MUSIC_URL, env.STORE_URL, ...(env.FRONT_DOOR_URL ? [env.FRONT_DOOR_URL] : [])].map(
    (u) => new URL(u).origin,
  );
