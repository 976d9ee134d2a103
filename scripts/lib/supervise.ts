import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

// `npm run dev` runs Next and the job worker as children beside an embedded Postgres. They live
// and die together: if any child exits on its own, the others are stopped, then `cleanup` (stop
// Postgres), and the supervisor resolves with a non-zero code and says which child died. Ctrl-C
// does the same with code 0; a second Ctrl-C (a second later) skips the waiting. Each child runs in its own
// process group, so Next's own worker processes are stopped with it, and a child that ignores
// SIGTERM is killed after `graceMs`.

export type ChildSpec = { name: string; command: string; args: string[]; options?: SpawnOptions };
export type Supervisor = { children: Map<string, ChildProcess>; done: Promise<number>; stop: (code?: number) => Promise<number> };

const exited = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (!child.pid || exited(child)) return;
  try {
    process.kill(-child.pid, signal); // the whole group: Next forks its own server process
  } catch {
    try {
      child.kill(signal);
    } catch {}
  }
}

const waitExit = (c: ChildProcess) => new Promise<void>((resolve) => (exited(c) ? resolve() : c.once("exit", () => resolve())));

export function supervise(
  specs: ChildSpec[],
  {
    cleanup,
    graceMs = 10_000,
    log = (m: string) => console.error(m),
    signals = true,
  }: { cleanup: () => Promise<void>; graceMs?: number; log?: (message: string) => void; signals?: boolean },
): Supervisor {
  const children = new Map<string, ChildProcess>();
  let stopping: Promise<number> | null = null;
  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((r) => (resolveDone = r));

  const stop = (code = 0): Promise<number> => {
    stopping ??= (async () => {
      const all = [...children.values()];
      for (const c of all) signalGroup(c, "SIGTERM");
      const timer = setTimeout(() => {
        log(`  still stopping after ${graceMs / 1000} s; killing what is left`);
        for (const c of all) signalGroup(c, "SIGKILL");
      }, graceMs);
      await Promise.all(all.map(waitExit));
      clearTimeout(timer);
      // Next's group may hold stragglers after its leader exited.
      for (const c of all) signalGroup(c, "SIGKILL");
      try {
        await cleanup();
      } catch (err) {
        log(`  could not stop cleanly: ${err instanceof Error ? err.message : String(err)}`);
        code ||= 1;
      }
      resolveDone(code);
      return code;
    })();
    return stopping;
  };

  for (const spec of specs) {
    const child = spawn(spec.command, spec.args, { stdio: "inherit", ...spec.options, detached: true });
    children.set(spec.name, child);
    child.once("exit", (code, signal) => {
      if (stopping) return;
      log(`\n  ${spec.name} stopped unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}); shutting down Downstream.`);
      void stop(code || 1);
    });
    child.once("error", (err) => {
      if (stopping) return;
      log(`\n  could not start ${spec.name}: ${err.message}; shutting down Downstream.`);
      void stop(1);
    });
  }

  if (signals) {
    // One Ctrl-C can arrive two or three times (the terminal signals the whole foreground group,
    // and npm and tsx relay it again), so only a signal well after the first counts as a second.
    let first = 0;
    const onSignal = () => {
      if (!first) {
        first = Date.now();
        void stop(0);
      } else if (Date.now() - first > 1_000) {
        log("  stopping now");
        for (const c of children.values()) signalGroup(c, "SIGKILL");
      }
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    void done.then(() => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    });
  }
  return { children, done, stop };
}
