/**
 * What an entry says, in a few lines: its main text fields as plain text, for the simulator's
 * preview of the entry a visitor is served.
 */

/** Field types whose value is text a reader sees (slugs, e-mails and enumerations are not). */
const TEXT_TYPES = new Set(['string', 'text', 'richtext', 'blocks']);
const MAX_FIELDS = 3;
const MAX_CHARS = 280;

export interface PreviewField {
  field: string;
  text: string;
}

/** The text of Strapi's rich text blocks: every text node, paragraphs separated by a space. */
function blocksText(value: unknown): string {
  if (Array.isArray(value)) return value.map(blocksText).filter(Boolean).join(' ');
  if (!value || typeof value !== 'object') return '';
  const node = value as { text?: unknown; children?: unknown };
  if (typeof node.text === 'string') return node.text;
  return blocksText(node.children);
}

/** Markdown reduced to its words: no heading marks, emphasis, link targets or images. */
function markdownText(value: string): string {
  return value
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/[*_`>~]/g, '');
}

const shorten = (text: string) => {
  const plain = text.replace(/\s+/g, ' ').trim();
  return plain.length > MAX_CHARS ? `${plain.slice(0, MAX_CHARS - 1).trimEnd()}…` : plain;
};

/**
 * Up to three text fields of the entry in the order of its schema, the main field (its title)
 * left out, empty ones skipped.
 */
export function previewFields(
  attributes: Record<string, { type: string }>,
  entry: Record<string, unknown> | null | undefined,
  mainField: string | null
): PreviewField[] {
  if (!entry) return [];
  const fields: PreviewField[] = [];
  for (const [field, { type }] of Object.entries(attributes)) {
    if (fields.length === MAX_FIELDS) break;
    if (field === mainField || !TEXT_TYPES.has(type)) continue;
    const value = entry[field];
    const raw =
      type === 'blocks'
        ? blocksText(value)
        : typeof value !== 'string'
          ? ''
          : type === 'richtext'
            ? markdownText(value)
            : value;
    const text = shorten(raw);
    if (text) fields.push({ field, text });
  }
  return fields;
}
