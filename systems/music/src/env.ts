/** music's configuration, parsed once: a bad environment fails at start with a clear message. */
import { parseEnv, suiteEnvSchema } from "@scs/web/suite-env";

/**
 * `next build` loads every route module to collect its configuration, without the runtime's
 * settings (the build must not depend on them). Every music page renders at request time, so
 * during the build only, a placeholder stands in for the session key; it verifies nothing.
 */
const BUILD_PLACEHOLDERS = { SESSION_PUBLIC_JWK: '{"kty":"EC","crv":"P-256","x":"build","y":"build"}' };
const building = process.env.NEXT_PHASE === "phase-production-build";

export const env = parseEnv(
  suiteEnvSchema,
  building ? { ...BUILD_PLACEHOLDERS, ...process.env } : process.env,
);
