// The failing tests named in a stage's output, for the summary of `npm test`: a CI log is often
// read from its end only, and a stage's own output can be thousands of lines above it.
// Plain Node ESM, Node built-ins only: this runs before node_modules exists.

// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape sequences of coloured output
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * The tests a stage's output reports as failed, once each, in order: vitest's `FAIL` lines (behind
 * turbo's package prefix) and the tests under Playwright's closing "N failed" count.
 * @param {string} output
 * @param {number} [max] at most this many (the rest are counted in a last line)
 * @returns {string[]}
 */
export function failedTests(output, max = 20) {
  const found = new Set();
  let inPlaywrightList = false;
  for (const raw of output.replace(ANSI, "").split("\n")) {
    const line = raw.trimEnd();
    const vitest = /^(?:(@?[\w./-]+):[\w:-]+:\s+)?\s*FAIL\s+(.+)$/.exec(line);
    if (vitest) {
      const [, prefix, test] = vitest;
      found.add(prefix ? `${prefix}: ${test}` : test);
      continue;
    }
    if (/^\s+\d+ failed$/.test(line)) {
      inPlaywrightList = true;
      continue;
    }
    if (inPlaywrightList) {
      if (line.includes("›")) found.add(line.replace(/[\s─]+$/, "").trim());
      else inPlaywrightList = false;
    }
  }
  const tests = [...found];
  return tests.length > max ? [...tests.slice(0, max), `… and ${tests.length - max} more`] : tests;
}
