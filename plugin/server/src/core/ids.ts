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
  return withRandomCharacters('', DOCUMENT_ID_LENGTH);
}

/** Characters of the time in a time-ordered id: base 36 of milliseconds fits 10 until the year 5188. */
const TIME_CHARACTERS = 10;
/** The letter that opens a time-ordered id, as a letter opens Strapi's. */
const TIME_ORDERED_PREFIX = 't';

/**
 * A document id of the same shape whose order is the order of `at` (ms): rows logged in time
 * order then add to the right end of the document id index instead of to random pages of it,
 * which keeps a commit of many interactions down to a few written pages. The rest is random.
 */
export function newTimeOrderedDocumentId(at: number): string {
  const time = Math.max(0, Math.floor(at)).toString(36).padStart(TIME_CHARACTERS, '0');
  return withRandomCharacters(TIME_ORDERED_PREFIX + time, DOCUMENT_ID_LENGTH);
}

function withRandomCharacters(start: string, length: number): string {
  let id = start;
  while (id.length < length) {
    const byte = nextRandomByte();
    if (byte >= UNBIASED_LIMIT) continue;
    // the first character is a letter, as in Strapi's ids
    id += ALPHABET[byte % (id.length === 0 ? 26 : 36)];
  }
  return id;
}

/** Random bytes drawn in blocks: one call to the CSPRNG per id cost more than the id itself. */
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

function nextRandomByte(): number {
  if (poolOffset >= pool.length) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  return pool[poolOffset++];
}
