/**
 * store's configuration, parsed once at start: the suite's shared settings plus the session
 * signing key and the first administrator's credentials.
 */
import { parseEnv, suiteEnvSchema } from "@scs/web/suite-env";
import { z } from "zod";

const privateJwk = z
  .string()
  .min(1, "SESSION_PRIVATE_JWK is required (npm start generates it)")
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
  ADMIN_PASSWORD: z.string().min(8, "ADMIN_PASSWORD must have at least 8 characters"),
});

export type StoreEnv = z.infer<typeof storeEnvSchema>;

/** Only while `next build` collects page data; they can sign nothing (see parseEnv). */
const buildPlaceholders = {
  SESSION_PRIVATE_JWK: '{"kty":"EC","crv":"P-256","x":"build","y":"build","d":"build"}',
  ADMIN_PASSWORD: "unused-during-build",
};

export const env: StoreEnv = parseEnv(storeEnvSchema, { buildPlaceholders });
