/** catalog's configuration, parsed once: a bad environment fails at start with a clear message. */
import { parseEnv, suiteEnvSchema } from "@scs/web/suite-env";

export const env = parseEnv(suiteEnvSchema);
