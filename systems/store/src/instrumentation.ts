/**
 * Runs once when the server process starts: makes sure the first administrator exists, then
 * starts messaging. Skipped during `next build` (no database, no broker at build time).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.NEXT_PHASE !== "phase-production-build") {
    const { ensureFirstAdministrator } = await import("./auth/first-administrator");
    await ensureFirstAdministrator();
    const { startSystemMessaging } = await import("./messaging/start");
    startSystemMessaging();
  }
}
