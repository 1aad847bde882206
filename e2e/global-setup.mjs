// Starts the suite for the journeys (scripts/lib/suite.mjs does the work) and hands its URLs and
// sign-ins to the tests through the environment; the returned function stops it again.
import { startE2ESuite } from "../scripts/lib/suite.mjs";

export default async function globalSetup() {
  const suite = await startE2ESuite({ log: (line) => console.log(`[e2e] ${line}`) });
  process.env.E2E_SUITE_JSON = JSON.stringify({
    urls: suite.urls,
    adminEmail: suite.adminEmail,
    adminPassword: suite.adminPassword,
    customer: suite.customer,
    dataDir: suite.dataDir,
    broker: suite.broker,
  });
  return async () => {
    await suite.stop();
  };
}
