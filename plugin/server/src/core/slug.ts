/**
 * The identifier derived from a display name ("Family father" → "family-father"): what rules,
 * tags and the Content API refer to. Accents are dropped, not turned into separators
 * ("Münchner Kindl" → "munchner-kindl"); empty when the name has no letter or digit.
 */
export function slugify(name: string): string {
  return name
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** What slugify produces: the shape a hand-written slug must have too. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
