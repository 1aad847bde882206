/**
 * `npm run asyncapi`: regenerates asyncapi.json from the code, after validating it with the AsyncAPI
 * parser and checking that it keeps every consumer of the committed document working.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { breakingChanges } from "./compatibility";
import type { AsyncApiDocument } from "./document";
import { generateDocument, serialize } from "./generate";
import { validateDocument } from "./validate";

const target = new URL("../asyncapi.json", import.meta.url);
const document = await generateDocument();
const text = serialize(document);
const { valid, diagnostics } = await validateDocument(text);
for (const d of diagnostics) console.log(`${d.severity}: ${d.message} (${d.path || "document"})`);
if (!valid) {
  console.error("asyncapi: the generated document is not valid AsyncAPI 3.0; nothing written");
  process.exit(1);
}
if (existsSync(target)) {
  const committed = JSON.parse(readFileSync(target, "utf8")) as AsyncApiDocument;
  const breaking = breakingChanges(committed, document);
  if (breaking.length > 0) {
    console.error("asyncapi: these changes break consumers of the published contract:");
    for (const line of breaking) console.error(`  - ${line}`);
    console.error("Raise the event's version and keep handling the old one (see docs/decisions/0018).");
    process.exit(1);
  }
}
writeFileSync(target, text);
// Formatted as the rest of the repository, so that `biome ci` passes on it.
execFileSync("npx", ["biome", "format", "--write", fileURLToPath(target)], { stdio: "inherit" });
console.log(`asyncapi: wrote ${fileURLToPath(target)}`);
