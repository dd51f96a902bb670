/**
 * The translation files against each other and against the admin source: a German admin must
 * never fall back to English or crash on a message with different placeholders, and every
 * message id the UI asks for must exist.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createIntl, type MessageFormatElement } from 'react-intl';
import en from '../en.json';
import de from '../de.json';

const ADMIN_SRC = join(__dirname, '..', '..');
const english: Record<string, string> = en;
const german: Record<string, string> = de;
const TRANSLATIONS: Record<string, Record<string, string>> = { en: english, de: german };

/** The parsed ICU message; throws on a syntax error, as the admin would when rendering it. */
function parse(message: string, locale: string): MessageFormatElement[] {
  return createIntl({ locale, messages: {} }).formatters.getMessageFormat(message, locale).getAst();
}

/** Argument and tag names, including those inside plural / select branches. */
function placeholders(elements: MessageFormatElement[], names = new Set<string>()): Set<string> {
  for (const element of elements) {
    if ('options' in element)
      Object.values(element.options).forEach((option) => placeholders(option.value, names));
    if ('children' in element) placeholders(element.children, names);
    // every element but a literal (type 0) and `#` (type 7, no value) names an argument or a tag
    if (element.type !== 0 && 'value' in element && typeof element.value === 'string')
      names.add(element.value);
  }
  return names;
}

/** The admin's source files, test files left out. */
function sourceFiles(): string[] {
  return readdirSync(ADMIN_SRC, { recursive: true, encoding: 'utf8' })
    .filter((path) => /\.tsx?$/.test(path) && !path.split(/[\\/]/).includes('__tests__'))
    .map((path) => join(ADMIN_SRC, path));
}

const QUOTED = String.raw`(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")`;
/** `formatMessage({ id: 'cxm.…', defaultMessage: '…' })`, the defaultMessage optional */
const DESCRIPTOR = new RegExp(
  String.raw`\bid:\s*(['"])cxm\.([^'"]+)\1(?:,\s*defaultMessage:\s*${QUOTED})?`,
  'g'
);
/** `t('…', '…')` of useTranslate, whose ids leave out the `cxm.` */
const TRANSLATE = new RegExp(String.raw`\bt\(\s*(['"])([^'"]+)\1,\s*${QUOTED}`, 'g');

/** Message ids written literally with the defaultMessage next to them, if written as a plain string. */
function usedMessages(): Array<{ file: string; key: string; defaultMessage?: string }> {
  return sourceFiles().flatMap((file) => {
    const source = readFileSync(file, 'utf8');
    return [...source.matchAll(DESCRIPTOR), ...source.matchAll(TRANSLATE)].map(
      ([, , key, single, double]) => {
        const written = single ?? double;
        return {
          file: file.slice(ADMIN_SRC.length + 1),
          key,
          defaultMessage: written?.replace(/\\(.)/g, '$1'),
        };
      }
    );
  });
}

test('en.json and de.json have exactly the same keys', () => {
  expect(Object.keys(german).sort()).toEqual(Object.keys(english).sort());
});

test.each(Object.keys(TRANSLATIONS))(
  '%s.json has no empty message and every message parses',
  (locale) => {
    for (const [key, message] of Object.entries(TRANSLATIONS[locale])) {
      expect({ key, empty: message.trim() === '' }).toEqual({ key, empty: false });
      expect(() => parse(message, locale)).not.toThrow();
    }
  }
);

test('every German message has the same placeholders as its English one', () => {
  for (const key of Object.keys(english).filter((candidate) => candidate in german)) {
    const expected = [...placeholders(parse(english[key], 'en'))].sort();
    const actual = [...placeholders(parse(german[key], 'de'))].sort();
    expect({ key, placeholders: actual }).toEqual({ key, placeholders: expected });
  }
});

test('every message id the admin uses is in en.json, with its defaultMessage as the English text', () => {
  const used = usedMessages();
  expect(used.length).toBeGreaterThan(50); // the patterns still find the ids the pages use
  expect(used.filter(({ file }) => file.endsWith('Campaigns.tsx')).length).toBeGreaterThan(10);
  for (const { file, key, defaultMessage } of used) {
    expect({ file, key, inEnJson: key in english }).toEqual({ file, key, inEnJson: true });
    if (defaultMessage !== undefined)
      expect({ file, key, message: english[key] }).toEqual({ file, key, message: defaultMessage });
  }
});

/**
 * Words that read the same in both languages; anything else equal to its English text is a
 * message someone forgot to translate.
 */
const SAME_IN_GERMAN = new Set([
  'Automation',
  'Browser',
  'Conversion',
  'Conversions',
  'Dashboard',
  'Desktop',
  'Experience',
  'Experiment',
  'Experiment: {name}',
  'HTML',
  'Minute',
  'Name',
  'offline',
  'Persona',
  'Personas',
  'Region',
  'Simulator',
  'Status',
  'Tablet',
  'Text',
  '{campaign} ({channel})',
  '{goal} ({points})',
  '{name} (+{points})',
  '{name}: {message}',
  '{profile}: {key}',
]);

test('every German message is translated, not the English text copied', () => {
  for (const [key, message] of Object.entries(english)) {
    const copied = german[key] === message && !SAME_IN_GERMAN.has(message);
    expect({ key, copied }).toEqual({ key, copied: false });
  }
});

/** The informal "du" and its forms, and informal imperatives; Strapi's German says "Sie". */
const INFORMAL =
  /\b(du|dich|dir|dein\w*|euch|euer|eure\w*|Wähle|Klicke|Lege|Gib|Prüfe|Öffne|Erstelle|Füge|Speichere|Ändere|Nutze|Verschiebe|Trage|Setze|Entferne|Lösche)\b/;

test('German addresses the admin as "Sie" throughout, as Strapi does', () => {
  for (const [key, message] of Object.entries(german)) {
    expect({ key, informal: message.match(INFORMAL)?.[0] ?? null }).toEqual({
      key,
      informal: null,
    });
  }
});
