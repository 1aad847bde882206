/**
 * Runs once when the server process starts: stamps requests with their socket address (for the
 * sign-in limits) and lets one sign-in attempt per client through at a time, makes sure the first administrator exists, then
 * starts messaging. Skipped during `next build` (no database, no broker at build time).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.NEXT_PHASE !== "phase-production-build") {
    // First: the per-client limits of sign-in need every request's socket address, and a flood of
    // concurrent sign-in attempts is answered before Next.js spends its time on them.
    const { installPeerAddressHeader } = await import("./lib/client-address");
    const { screenSignInRequest } = await import("./lib/sign-in-gate");
    installPeerAddressHeader(screenSignInRequest);
    // Tracing before messaging: amqplib must be instrumented before messaging loads it.
    const { registerTracing } = await import("@scs/web/tracing");
    const { env } = await import("./env");
    // Lines of the shared code (HTTP edge, readiness) name this system.
    (await import("@scs/messaging/log")).setLogSystem("store");
    await registerTracing("store", [env.CATALOG_URL, env.MUSIC_URL, env.STORE_URL]);
    const { ensureFirstAdministrator } = await import("./auth/first-administrator");
    await ensureFirstAdministrator();
    const { startSystemMessaging } = await import("./messaging/start");
    startSystemMessaging();
  }
}
