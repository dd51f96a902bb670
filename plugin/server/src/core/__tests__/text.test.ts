import fc from 'fast-check';
import { cleanJson, cleanText, hasUnstorableCharacters, nameProblemOf } from '../text';

/** A string survives UTF-8 unchanged exactly when it has no lone surrogates. */
const roundTripsUtf8 = (text: string) => Buffer.from(text, 'utf8').toString('utf8') === text;
// eslint-disable-next-line no-control-regex -- what the test looks for
const hasControl = (text: string) => /[\u0000-\u001f\u007f-\u009f]/.test(text);

describe('cleanText', () => {
  it.each([
    ['NUL', 'a\u0000b', 'ab'],
    ['other C0 controls and DEL', '\u0001x\u001f\ty\n\u007f', 'xy'],
    ['C1 controls', 'x\u0085\u009fy', 'xy'],
    ['a lone high surrogate', 'x\ud800y', 'x\ufffdy'],
    ['a lone low surrogate', 'x\udc00', 'x\ufffd'],
    ['a pair, kept', 'car \ud83d\ude97', 'car \ud83d\ude97'],
    ['umlauts, kept', 'Nürnberg', 'Nürnberg'],
  ])('removes or replaces %s', (_name, input, expected) => {
    expect(cleanText(input, 100)).toBe(expected);
  });

  it('cuts to the length without leaving half a surrogate pair', () => {
    expect(cleanText('ab\ud83d\ude97', 3)).toBe('ab');
    expect(cleanText('abcdef', 3)).toBe('abc');
  });

  it('gives texts every database stores, idempotently', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.nat(200), (text, max) => {
        const clean = cleanText(text, max);
        expect(clean.length).toBeLessThanOrEqual(max);
        expect(hasControl(clean)).toBe(false);
        expect(roundTripsUtf8(clean)).toBe(true);
        expect(hasUnstorableCharacters(clean)).toBe(false);
        expect(cleanText(clean, max)).toBe(clean);
      })
    );
  });
});

describe('cleanJson', () => {
  it('cleans keys and values at every level, and keeps the shape', () => {
    const input = { 'so\u0000urce': ['x\u0000', { deep: 'y\ud800' }], n: 3, ok: true, none: null };
    expect(cleanJson(input, 100)).toEqual({
      source: ['x', { deep: 'y\ufffd' }],
      n: 3,
      ok: true,
      none: null,
    });
  });

  it('turns numbers JSON cannot hold into null', () => {
    expect(cleanJson({ a: Infinity, b: NaN, c: 1.5 }, 10)).toEqual({ a: null, b: null, c: 1.5 });
  });

  it('gives JSON that every database stores', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(cleanJson(value, 50));
        expect(text).not.toMatch(
          /\\u00[01][0-9a-f]|\\u007f|\\u00[89][0-9a-f]|\\ud[89ab]|\\ud[c-f]/i
        );
      })
    );
  });
});

describe('nameProblemOf', () => {
  it.each([
    ['a right-to-left override', 'Family\u202efather', /bidirectional/],
    ['a left-to-right isolate', '\u2066goal', /bidirectional/],
    ['NUL', 'goal\u0000', /control/],
    ['a newline', 'two\nlines', /control/],
    ['a lone surrogate', 'x\udfff', /surrogate/],
  ])('refuses %s', (_name, text, words) => {
    expect(nameProblemOf(text)).toMatch(words);
  });

  it.each(['Family father', 'Prospekt-Download', 'Городской', 'عائلة', '🚗 fans'])(
    'accepts %s',
    (text) => {
      expect(nameProblemOf(text)).toBeUndefined();
    }
  );
});
