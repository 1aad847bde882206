// `npm run restart -- <system>`: replaces one system of the running `npm start` suite with a fresh
// process while the front door keeps answering (tools/suite/src/restart.mjs does the steps; the suite
// process carries them out). DATA_DIR selects the suite, as for `npm start`.
// Plain Node ESM, Node built-ins only.
import path from "node:path";
import { SYSTEMS } from "../shared/contracts/src/names.mjs";
import { ROOT_DIR, SetupError } from "../tools/suite/src/process.mjs";
import { requestRestart } from "../tools/suite/src/restart.mjs";

const sys = process.argv[2];
const dataDir = path.resolve(ROOT_DIR, process.env.DATA_DIR || ".data");
if (!SYSTEMS.includes(sys)) {
  console.error(`Usage: npm run restart -- <system>   (one of ${SYSTEMS.join(", ")})`);
  process.exit(2);
}
try {
  const answer = await requestRestart({ dataDir, sys });
  if (!answer.ok) {
    console.error(`Restart of ${sys} failed: ${answer.error}`);
    process.exit(1);
  }
} catch (error) {
  console.error(error instanceof SetupError ? error.message : (error.stack ?? String(error)));
  process.exit(1);
}
