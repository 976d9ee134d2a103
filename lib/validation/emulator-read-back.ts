import { z } from "zod";
import type { AudienceItem, DestinationKind } from "@/lib/connectors/contract";
import { sha256Hex } from "@/lib/crypto";
import { egressFetch } from "@/lib/egress/egress-fetch";

// Reading an ad platform's audience back. The real platforms never list an audience's members
// (they only answer uploads), but their local emulators (lib/sandbox) do, under
// "<emulator>/_sandbox/audiences/{id}/members". When a destination points at an emulator (the
// demo, tests), a validation run reads the audience back there: the strongest proof there is.
// Against a real platform this answers null, and the run falls back to the upload receipt.

const REAL_HOSTS = /(^|\.)(facebook\.com|googleapis\.com|tiktok\.com|tiktokglobalshop\.com)$/i;

/** Where the emulator behind these settings keeps its control routes, or null (a real platform). */
export function emulatorRoot(kind: DestinationKind, settings: unknown): string | null {
  const s = (settings ?? {}) as Record<string, unknown>;
  const url =
    kind === "meta"
      ? strip(s.apiBaseUrl, /\/v\d+\.\d+\/?$/)
      : kind === "tiktok"
        ? strip(s.apiBaseUrl, /\/open_api\/v\d+\.\d+\/?$/)
        : kind === "google_ads"
          ? s.api === "data_manager"
            ? strip(s.dataManagerBaseUrl, /\/v\d+\/?$/)
            : strip(s.apiBaseUrl, /\/v\d+\/?$/)
          : null;
  if (!url) return null;
  try {
    return REAL_HOSTS.test(new URL(url).hostname) ? null : url;
  } catch {
    return null;
  }
}

function strip(value: unknown, suffix: RegExp): string | null {
  if (typeof value !== "string" || !suffix.test(value)) return null;
  return value.replace(suffix, "");
}

const pageSchema = z.object({
  members: z.array(
    z.object({
      member_key: z.string(),
      email_hash: z.string().nullable(),
      phone_hash: z.string().nullable(),
      other_id: z.string().nullable(),
    }),
  ),
  total: z.number().optional(),
  next_after: z.string().nullable(),
});

export type ReadBack = { values: Set<string>; total: number };

/**
 * Every value the emulator's audience holds (member keys, hashes, ids), or null when there is
 * no emulator to ask (or it will not answer: the demo's control routes need the operator token).
 */
export async function readEmulatorAudience(
  root: string,
  audienceId: string,
  fetchImpl: typeof fetch = egressFetch,
): Promise<ReadBack | null> {
  const values = new Set<string>();
  let total = 0;
  let after: string | null = null;
  const token = process.env.SANDBOX_CONTROL_TOKEN;
  do {
    const query: string = `?limit=100000${after ? `&after=${encodeURIComponent(after)}` : ""}`;
    let res: Response;
    try {
      res = await fetchImpl(`${root}/_sandbox/audiences/${encodeURIComponent(audienceId)}/members${query}`, {
        headers: token ? { "x-sandbox-control-token": token } : {},
      });
    } catch {
      return null;
    }
    if (!res.ok) return null;
    const page = pageSchema.safeParse(await res.json().catch(() => null));
    if (!page.success) return null;
    for (const m of page.data.members) {
      total++;
      for (const v of [m.member_key, m.email_hash, m.phone_hash, m.other_id]) if (v) values.add(v);
    }
    after = page.data.next_after;
  } while (after);
  return { values, total };
}

/**
 * The values a platform may have stored for one person: each platform hashes the same normalized
 * identifiers, phones as E.164 with or without "+" (Meta and TikTok hash digits only), external
 * ids raw or hashed.
 */
export function candidateValues(item: AudienceItem): string[] {
  const out: string[] = [];
  if (item.email?.sha256) out.push(item.email.sha256);
  if (item.phone?.sha256) out.push(item.phone.sha256);
  if (item.phone?.e164) {
    const digits = item.phone.e164.replace(/\D/g, "");
    out.push(sha256Hex(digits), sha256Hex(`+${digits}`));
  }
  if (item.externalId) out.push(item.externalId, sha256Hex(item.externalId));
  return out;
}

export const holdsItem = (read: ReadBack, item: AudienceItem) => candidateValues(item).some((v) => read.values.has(v));
