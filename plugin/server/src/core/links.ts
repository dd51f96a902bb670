/**
 * Tracked links (`/api/cxm/r/<token>`): a signed token carries the target URL, the campaign and
 * optionally the contact, so a click identifies the contact, credits the campaign, and can
 * only ever redirect to the URL that was signed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface TrackedLink {
  /** target URL, http(s) only */
  url: string;
  campaign?: string;
  /** visitor id of the contact the link was sent to */
  contact?: string;
  /** expiry, epoch seconds */
  expires?: number;
}

const MAX_TOKEN_LENGTH = 4096;

const mac = (payload: string, secret: string) =>
  createHmac('sha256', `${secret}:tracked-link`).update(payload).digest('base64url');

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 2048) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export function signLink(link: TrackedLink, secret: string): string {
  if (!isHttpUrl(link.url))
    throw new Error(`tracked link target must be an http(s) URL: ${link.url}`);
  const payload = Buffer.from(JSON.stringify(link)).toString('base64url');
  return `${payload}.${mac(payload, secret)}`;
}

const signedWith = (payload: string, signature: string, secret: string) => {
  const expected = Buffer.from(mac(payload, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
};

/**
 * The link when the token is intact under one of `secrets` (the current one first, then those
 * it replaced), well formed and not expired; null otherwise (never throws).
 */
export function verifyLink(
  token: unknown,
  secrets: string | readonly string[],
  nowMs: number
): TrackedLink | null {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null;
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0) return null;
  const candidates = typeof secrets === 'string' ? [secrets] : secrets;
  if (!candidates.some((secret) => signedWith(payload, signature, secret))) return null;
  let link: Partial<TrackedLink>;
  try {
    link = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!link || typeof link !== 'object' || !isHttpUrl(link.url)) return null;
  if (
    link.expires !== undefined &&
    (typeof link.expires !== 'number' || link.expires * 1000 < nowMs)
  )
    return null;
  if (link.campaign !== undefined && typeof link.campaign !== 'string') return null;
  if (link.contact !== undefined && typeof link.contact !== 'string') return null;
  return link as TrackedLink;
}
