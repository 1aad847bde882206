/**
 * `npm run check:k8s -w @scs/deploy`: renders every overlay and prints what the checks find
 * (the same checks `npm test` runs in its k8s stage). Exit 1 on any problem.
 */
import { checkManifests, formatProblems } from "./check";
import { OVERLAYS, renderManifests } from "./render";

let failed = false;
for (const overlay of OVERLAYS) {
  const docs = await renderManifests(overlay);
  const problems = checkManifests(docs);
  failed ||= problems.length > 0;
  console.log(
    problems.length === 0
      ? `${overlay}: ${docs.length} documents, no problems`
      : `${overlay}: ${problems.length} problem(s)\n${formatProblems(problems)}`,
  );
}
process.exit(failed ? 1 : 0);
