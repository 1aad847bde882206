export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startSystemMessaging } = await import("./messaging/start");
    startSystemMessaging();
  }
}
