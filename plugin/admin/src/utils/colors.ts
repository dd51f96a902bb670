/**
 * One colour per persona, the same on every page: derived from the slug alone (not from a
 * list's order), from a palette whose colours each keep 4.5:1 contrast on white (WCAG AA), so
 * legend text and lines in them stay readable.
 */
const PERSONA_PALETTE = [
  '#4945ff', // primary600
  '#b72b1a', // danger red
  '#2f6846', // success green
  '#8c4a0e', // warning brown
  '#0c5f8f', // blue
  '#7b3fa0', // purple
  '#8a3b5c', // plum
  '#4a5a0e', // olive
  '#1f5f5b', // teal
  '#a02c79', // magenta
];

/** A colour for "no persona yet": neutral600 of the design system. */
export const NO_PERSONA_COLOR = '#666687';

/** FNV-1a of the slug: stable across pages, reloads and the order personas are listed in. */
export function personaColor(slug: string | null | undefined): string {
  if (!slug) return NO_PERSONA_COLOR;
  let hash = 0x811c9dc5;
  for (let index = 0; index < slug.length; index += 1) {
    hash ^= slug.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return PERSONA_PALETTE[hash % PERSONA_PALETTE.length];
}

/** Series colours of the dashboard's charts, each 4.5:1 or more against white. */
export const SERIES_COLORS = {
  visits: '#4945ff',
  value: '#b72b1a',
  campaigns: '#4945ff',
  channels: '#2f6846',
} as const;
