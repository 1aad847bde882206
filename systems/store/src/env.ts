/**
 * store's configuration, parsed once at start: the suite's shared settings plus the session
 * signing key, the first administrator's credentials and the pending-order deadline.
 */
import { parseEnv, suiteEnvSchema } from "@scs/web/suite-env";
import { z } from "zod";

/** Where the suite's own gateway (nginx on the same machine) connects from. */
export const DEFAULT_TRUSTED_PROXIES = "127.0.0.1,::1";

const privateJwk = z
  .string()
  .min(
    1,
    "SESSION_PRIVATE_JWK (or SESSION_PRIVATE_JWK_FILE) is required: npm start generates it, docker compose's secrets service writes it",
  )
  .refine((value) => {
    try {
      const jwk = JSON.parse(value) as Record<string, unknown>;
      return jwk.kty === "EC" && jwk.crv === "P-256" && typeof jwk.d === "string";
    } catch {
      return false;
    }
  }, "SESSION_PRIVATE_JWK must be an EC P-256 private key as a JSON JWK");

export const storeEnvSchema = suiteEnvSchema.extend({
  SESSION_PRIVATE_JWK: privateJwk,
  ADMIN_EMAIL: z
    .email()
    .default("admin@example.com")
    .transform((e) => e.toLowerCase()),
  /** Or ADMIN_PASSWORD_FILE naming a file with it (docker-compose.yml's `secrets` service). */
  ADMIN_PASSWORD: z
    .string()
    .min(8, "ADMIN_PASSWORD (or ADMIN_PASSWORD_FILE) must have at least 8 characters"),
  /**
   * How long an order waits for catalog's answer before store rejects it ("catalog did not answer
   * in time"); see docs/decisions/0012-pending-order-deadline.md.
   */
  ORDER_PENDING_TIMEOUT_S: z.coerce
    .number({ error: "ORDER_PENDING_TIMEOUT_S must be a number of seconds" })
    .int("ORDER_PENDING_TIMEOUT_S must be a whole number of seconds")
    .min(1, "ORDER_PENDING_TIMEOUT_S must be at least 1 second")
    .max(7 * 24 * 3600, "ORDER_PENDING_TIMEOUT_S must be at most a week (604800 seconds)")
    .default(600),
  /**
   * Reverse proxies (e.g. the gateway's nginx) whose `X-Forwarded-For` is believed: IP addresses or
   * CIDR ranges, comma-separated. Default: the loopback addresses, which the suite's own gateway
   * (`npm start`, the tests) connects from — without it every visitor through the front door
   * shares nginx's address for the sign-in limits. Any other peer's header is ignored, since anyone
   * can write it (docs/decisions/0014-sign-in-limits-and-hashing.md). Empty: trust no proxy.
   */
  TRUSTED_PROXY_ADDRESSES: z
    .string()
    .default(DEFAULT_TRUSTED_PROXIES)
    .transform((value) =>
      value
        .split(",")
        .map((a) => a.trim())
        .filter((a) => a.length > 0),
    )
    .pipe(
      z.array(
        z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], {
          error: "TRUSTED_PROXY_ADDRESSES must list IP addresses or CIDR ranges (e.g. 10.0.0.0/8)",
        }),
      ),
    ),
  /** How many password hashes (scrypt, 128 MiB each) may run at once (one kept for trusted sign-ins); default: the cores, at least 2, at most 4. */
  PASSWORD_HASH_CONCURRENCY: z.coerce
    .number({ error: "PASSWORD_HASH_CONCURRENCY must be a number" })
    .int("PASSWORD_HASH_CONCURRENCY must be a whole number")
    .min(1, "PASSWORD_HASH_CONCURRENCY must be at least 1")
    .max(16, "PASSWORD_HASH_CONCURRENCY must be at most 16")
    .optional(),
});

export type StoreEnv = z.infer<typeof storeEnvSchema>;

/** Only while `next build` collects page data; they can sign nothing (see parseEnv). */
const buildPlaceholders = {
  SESSION_PRIVATE_JWK: '{"kty":"EC","crv":"P-256","x":"build","y":"build","d":"build"}',
  ADMIN_PASSWORD: "unused-during-build",
};

export const env: StoreEnv = parseEnv(storeEnvSchema, { buildPlaceholders });
