/**
 * Texts from visitors, cleaned before they are stored: every database takes them then. NUL is
 * refused by PostgreSQL in text and JSON alike, a lone surrogate is no valid UTF-8 (PostgreSQL's
 * jsonb and MariaDB refuse it), other control characters only garble logs and the admin.
 */

/** C0 controls, DEL and C1 controls: matching them is the point here. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const EVERY_CONTROL = new RegExp(CONTROL.source, 'g');
const EVERY_LONE_SURROGATE = new RegExp(LONE_SURROGATE.source, 'g');
/** Characters that reorder the text shown around them (Trojan Source, CVE-2021-42574). */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
/** JSON nested deeper than this is cut off: no stored value of the plugin is that deep. */
const MAX_DEPTH = 10;

/**
 * `text` without control characters and lone surrogates (replaced by U+FFFD), at most
 * `maxLength` UTF-16 units long, never ending in half a surrogate pair.
 */
export function cleanText(text: string, maxLength: number): string {
  let clean = text.replace(EVERY_CONTROL, '').replace(EVERY_LONE_SURROGATE, '\ufffd');
  if (clean.length > maxLength) {
    clean = clean.slice(0, maxLength);
    if (/[\ud800-\udbff]$/.test(clean)) clean = clean.slice(0, -1);
  }
  return clean;
}

/** `text` cleaned, or null for null / undefined. */
export function cleanNullable(text: string | null | undefined, maxLength: number): string | null {
  return text === null || text === undefined ? null : cleanText(text, maxLength);
}

/**
 * A JSON value with every string (keys too) cleaned to `maxLength`, non-finite numbers as null
 * (JSON has none) and anything nested deeper than 10 levels dropped.
 */
export function cleanJson<T>(value: T, maxLength: number): T {
  return cleanValue(value, maxLength, 0) as T;
}

function cleanValue(value: unknown, maxLength: number, depth: number): unknown {
  if (typeof value === 'string') return cleanText(value, maxLength);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (depth >= MAX_DEPTH) return null;
  if (Array.isArray(value)) return value.map((item) => cleanValue(item, maxLength, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      cleanText(key, maxLength),
      cleanValue(item, maxLength, depth + 1),
    ])
  );
}

/**
 * Why `text` cannot be a name shown to editors, or undefined when it can: no control
 * characters, no bidi overrides, no lone surrogates.
 */
export function nameProblemOf(text: string): string | undefined {
  if (CONTROL.test(text)) return 'must not contain control characters';
  if (BIDI_CONTROL.test(text)) return 'must not contain bidirectional override characters';
  if (LONE_SURROGATE.test(text)) return 'must not contain lone surrogates';
  return undefined;
}

/** Whether `text` would be changed by cleanText (apart from its length): what `identify` refuses. */
export function hasUnstorableCharacters(text: string): boolean {
  return CONTROL.test(text) || LONE_SURROGATE.test(text);
}
