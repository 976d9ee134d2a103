// The demo's live syncs are seeded live so the console has runs to show. Nobody validated them
// with test profiles, so their checklists show the open gates honestly, with this admin override
// as the recorded reason they are live (lib/launch/go-live.ts).
export const DEMO_GO_LIVE = "Demo workspace: set live when seeded so the console has data to show; the open launch gates are real.";
