"use client";

export type DemoAccounts = { password: string; users: { email: string; role: string }[] };

/** Demo mode only: the sign-ins for each role; picking one fills the form. */
export function DemoSignIns({ demo, onPick }: { demo: DemoAccounts; onPick: (email: string) => void }) {
  return (
    <aside aria-label="Demo sign-ins" className="mt-4 rounded-lg bg-indigo-50/60 px-4 py-3 text-xs text-slate-600 ring-1 ring-indigo-100">
      <p className="font-medium text-slate-800">This is a demo workspace</p>
      <p className="mt-1">
        Every demo account uses the password{" "}
        <code className="rounded bg-white px-1 py-0.5 font-mono text-slate-800 ring-1 ring-slate-200">{demo.password}</code>. Pick one to
        fill the form:
      </p>
      <ul className="mt-2 space-y-0.5">
        {demo.users.map((u) => (
          <li key={u.email}>
            <button
              type="button"
              onClick={() => onPick(u.email)}
              className="flex w-full items-center justify-between gap-2 rounded px-1.5 py-1 text-left hover:bg-white focus-visible:outline-2 focus-visible:outline-indigo-600"
            >
              <code className="font-mono text-slate-800">{u.email}</code>
              <span className="text-slate-500 capitalize">{u.role}</span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
