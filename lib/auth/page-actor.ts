import { cache } from "react";
import { requirePageActor } from "@/lib/auth/session";

// The shell layout and the page inside it both need the actor; React's per-request cache
// makes that one session decode and one user lookup instead of two.
export const pageActor = cache(requirePageActor);
