/**
 * First-party visitor ids in a signed cookie / header value: `<id>.<HMAC-SHA256>`
 * (the `cookie-signature` format used across the Express/Koa ecosystem).
 */
import { randomUUID } from 'node:crypto';
import { sign, unsign } from 'cookie-signature';

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

/** The visitor id when `signed` is intact and well formed; null for anything else (never throws). */
export function verifyVisitorId(signed: unknown, secret: string): string | null {
  if (typeof signed !== 'string' || signed.length === 0 || signed.length > MAX_SIGNED_LENGTH)
    return null;
  const id = unsign(signed, secret);
  return id !== false && isVisitorId(id) ? id : null;
}
