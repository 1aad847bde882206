/** catalog's configuration, parsed once: a bad environment fails at start with a clear message. */
import { parseEnv, suiteEnvSchema } from "@scs/web/suite-env";

/**
 * `next build` loads every route module to collect its configuration, but the build must not need
 * runtime secrets: only while building, a missing session key is replaced by a placeholder
 * (no request is ever served by the build).
 */
const building = process.env.NEXT_PHASE === "phase-production-build";
const source = building ? { SESSION_PUBLIC_JWK: "{}", ...process.env } : process.env;

export const env = parseEnv(suiteEnvSchema.extend({}), source);
