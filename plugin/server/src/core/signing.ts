/**
 * First-party visitor ids in a signed cookie / header value: `<id>.<HMAC-SHA256>`
 * (the `cookie-signature` format used across the Express/Koa ecosystem).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { sign, unsign } from 'cookie-signature';
import { memoizeRecent } from './memo';

const VISITOR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** A uuid, a dot and a base64 SHA-256 HMAC are 80 characters; anything much longer is not ours. */
const MAX_SIGNED_LENGTH = 128;

export function newVisitorId(): string {
  return randomUUID();
}

export function isVisitorId(value: unknown): value is string {
  return typeof value === 'string' && VISITOR_ID.test(value);
}

export function signVisitorId(id: string, secret: string): string {
  return sign(id, secret);
}

/**
 * The visitor id when `signed` is intact and well formed under one of `secrets` (the current one
 * first, then those it replaced); null for anything else (never throws).
 */
export function verifyVisitorId(
  signed: unknown,
  secrets: string | readonly string[]
): string | null {
  if (typeof signed !== 'string' || signed.length === 0 || signed.length > MAX_SIGNED_LENGTH)
    return null;
  for (const secret of typeof secrets === 'string' ? [secrets] : secrets) {
    const id = unsign(signed, secret);
    if (id !== false) return isVisitorId(id) ? id : null;
  }
  return null;
}

/**
 * verifyVisitorId under `secrets`, remembering the verdicts on the `capacity` most recently
 * presented values: a visitor presents the same signed id on every request, and an HMAC per
 * request is work done once.
 */
export function createVisitorIdVerifier(
  secrets: string | readonly string[],
  capacity: number
): (signed: unknown) => string | null {
  const verify = memoizeRecent((signed) => verifyVisitorId(signed, secrets), capacity);
  return (signed) =>
    typeof signed === 'string' && signed.length > 0 && signed.length <= MAX_SIGNED_LENGTH
      ? verify(signed)
      : null;
}

const secretOfKey = (key: string) =>
  createHmac('sha256', key).update('cxm visitor cookie').digest('base64url');

/**
 * The cookie secrets derived from the app's keys (APP_KEYS): one per key, the first signs and
 * all verify, so a new key put in front keeps the cookies signed with the old ones valid.
 * Several keys were once derived as one joined secret: it still verifies what it signed.
 */
export function secretsOfAppKeys(keys: readonly string[]): string[] {
  const secrets = keys.map(secretOfKey);
  return keys.length > 1 ? [...secrets, secretOfKey(keys.join(','))] : secrets;
}
