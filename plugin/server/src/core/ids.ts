import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const DOCUMENT_ID_LENGTH = 24;
/** The largest multiple of 36 below 256: bytes above it are skipped, so every character is equally likely. */
const UNBIASED_LIMIT = 252;

/**
 * A document id in the shape Strapi gives its own (24 lower-case letters and digits, a letter
 * first), drawn from the system's CSPRNG. Strapi's cuid2 hashes each id with SHA-3, which cost
 * a noticeable share of the CPU when every event writes a row.
 */
export function newDocumentId(): string {
  let id = '';
  while (id.length < DOCUMENT_ID_LENGTH) {
    for (const byte of randomBytes(DOCUMENT_ID_LENGTH * 2)) {
      if (byte >= UNBIASED_LIMIT) continue;
      // the first character is a letter, as in Strapi's ids
      const alphabetSize = id.length === 0 ? 26 : 36;
      id += ALPHABET[byte % alphabetSize];
      if (id.length === DOCUMENT_ID_LENGTH) break;
    }
  }
  return id;
}
