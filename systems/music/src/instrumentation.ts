export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Tracing first: amqplib must be instrumented before messaging loads it.
    const { registerTracing } = await import("@scs/web/tracing");
    const { env } = await import("./env");
    // Lines of the shared code (HTTP edge, readiness) name this system.
    (await import("@scs/messaging/log")).setLogSystem("music");
    await registerTracing("music", [env.CATALOG_URL, env.MUSIC_URL, env.STORE_URL]);
    const { startSystemMessaging } = await import("./messaging/start");
    startSystemMessaging();
  }
}
