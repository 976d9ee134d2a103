// What a sync can actually send, as SQL over a profiles row aliased `p`: the one definition the
// sync plan, the wizard's match-rate ceiling, the segment preview and the identity audit share,
// so every screen promises the same reach.
// - Email: a SHA-256 exists (normalized at ingest, or received pre-hashed).
// - Phone: a SHA-256 exists and ingest did not find the number invalid (pre-hashed phones have
//   no verdict and count as sendable).

export const sendableEmailSql = (p: string) => `${p}.email_sha256 IS NOT NULL`;

export const sendablePhoneSql = (p: string) => `(${p}.phone_sha256 IS NOT NULL AND ${p}.phone_valid IS NOT FALSE)`;

/** Reachable by at least one ad-platform identifier. */
export const matchableSql = (p: string) => `(${sendableEmailSql(p)} OR ${sendablePhoneSql(p)})`;
