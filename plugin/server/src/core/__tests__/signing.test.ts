import { sign } from 'cookie-signature';
import fc from 'fast-check';
import {
  createVisitorIdVerifier,
  isVisitorId,
  newVisitorId,
  secretsOfAppKeys,
  signVisitorId,
  verifyVisitorId,
} from '../signing';

const SECRET = 'test-secret-0123456789';
const ID = '3f2b8c1e-9a4d-4e6f-8b2a-1c3d5e7f9a0b';
const SIGNED = signVisitorId(ID, SECRET);
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** `value` with the character at `index` replaced by a different one. */
const replaceAt = (value: string, index: number, char: string) =>
  value.slice(0, index) + char + value.slice(index + 1);
const otherChar = (char: string) => (char === 'a' ? 'b' : 'a');

describe('newVisitorId', () => {
  it('is a lowercase v4 uuid', () => {
    const id = newVisitorId();
    expect(id).toMatch(UUID_V4);
    expect(isVisitorId(id)).toBe(true);
  });

  it('is different every time', () => {
    const ids = new Set(Array.from({ length: 1000 }, newVisitorId));
    expect(ids.size).toBe(1000);
  });
});

describe('isVisitorId', () => {
  it.each([
    ['a v4 uuid', ID, true],
    ['an uppercase uuid', ID.toUpperCase(), false],
    ['a v1 uuid', '3f2b8c1e-9a4d-1e6f-8b2a-1c3d5e7f9a0b', false],
    ['a uuid with a wrong variant', '3f2b8c1e-9a4d-4e6f-cb2a-1c3d5e7f9a0b', false],
    ['a uuid without dashes', ID.replace(/-/g, ''), false],
    ['a uuid in braces', `{${ID}}`, false],
    ['a uuid with a trailing newline', `${ID}\n`, false],
    ['an empty string', '', false],
    ['a number', 42, false],
    ['null', null, false],
  ])('%s → %p', (_name, value, expected) => {
    expect(isVisitorId(value)).toBe(expected);
  });
});

describe('signVisitorId / verifyVisitorId', () => {
  it('signs as `<uuid>.<base64 HMAC-SHA256 without padding>`', () => {
    expect(SIGNED).toMatch(new RegExp(`^${ID}\\.[A-Za-z0-9+/]{43}$`));
    expect(SIGNED).toHaveLength(80);
  });

  it('round-trips', () => {
    expect(verifyVisitorId(SIGNED, SECRET)).toBe(ID);
  });

  it.each([
    ['a tampered id', replaceAt(SIGNED, 0, otherChar(SIGNED[0]))],
    ['a tampered signature (first character)', replaceAt(SIGNED, 37, otherChar(SIGNED[37]))],
    ['a tampered signature (last character)', replaceAt(SIGNED, 79, otherChar(SIGNED[79]))],
    ['a truncated signature', SIGNED.slice(0, -1)],
    ['an extra character', `${SIGNED}a`],
    ['base64 padding added', `${SIGNED}=`],
    ['the bare id', ID],
    ['the id and an empty signature', `${ID}.`],
    ['another id with this signature', `${newVisitorId()}${SIGNED.slice(36)}`],
    ['a signed id signed again', signVisitorId(SIGNED, SECRET)],
    ['surrounding whitespace', ` ${SIGNED} `],
  ])('rejects %s', (_name, value) => {
    expect(verifyVisitorId(value, SECRET)).toBeNull();
  });

  it('rejects the wrong secret', () => {
    expect(verifyVisitorId(SIGNED, 'another-secret')).toBeNull();
    expect(verifyVisitorId(signVisitorId(ID, 'another-secret'), SECRET)).toBeNull();
  });

  it.each([
    ['a word', 'admin'],
    ['an uppercase uuid', ID.toUpperCase()],
    ['a v1 uuid', '3f2b8c1e-9a4d-1e6f-8b2a-1c3d5e7f9a0b'],
    ['an empty id', ''],
    ['a uuid with a suffix', `${ID}.x`],
  ])('rejects %s correctly signed with the right secret', (_name, id) => {
    expect(verifyVisitorId(sign(id, SECRET), SECRET)).toBeNull();
  });

  it.each([
    ['129 characters', 'x'.repeat(129)],
    ['a signed id padded to 129 characters', SIGNED.padEnd(129, '=')],
    ['100 000 characters', 'x'.repeat(100_000)],
  ])('rejects oversized values: %s', (_name, value) => {
    expect(verifyVisitorId(value, SECRET)).toBeNull();
  });

  it.each([
    ['an empty string', ''],
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a boolean', true],
    ['an object', { id: ID }],
    ['an array', [SIGNED]],
    ['a Buffer of the signed id', Buffer.from(SIGNED)],
    ['binary garbage', '\u0000\u00ff\ud800.\udfff\u0001'],
    ['unicode', '🍪.über-ü-日本語'],
    ['a lone surrogate in the signature', `${SIGNED.slice(0, 79)}\ud800`],
    ['only dots', '....'],
  ])('returns null for %s without throwing', (_name, value) => {
    expect(() => verifyVisitorId(value, SECRET)).not.toThrow();
    expect(verifyVisitorId(value, SECRET)).toBeNull();
  });
});

describe('properties', () => {
  const secret = fc.string({ minLength: 1, maxLength: 64, unit: 'binary' });

  it('round-trips any v4 uuid under any secret', () => {
    fc.assert(
      fc.property(fc.uuid({ version: 4 }), secret, (id, key) => {
        expect(verifyVisitorId(signVisitorId(id, key), key)).toBe(id);
      })
    );
  });

  it('never throws and returns null for arbitrary strings', () => {
    const strings = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.string({ unit: fc.constantFrom(...'0123456789abcdef-.'), maxLength: 130 }),
      fc
        .uuid({ version: 4 })
        .chain((id) => fc.string({ unit: 'binary', maxLength: 60 }).map((tail) => `${id}.${tail}`))
    );
    fc.assert(
      fc.property(strings, secret, (value, key) => {
        expect(verifyVisitorId(value, key)).toBeNull();
      })
    );
  });

  it('never throws and returns null for arbitrary non-string values', () => {
    fc.assert(
      fc.property(
        fc.anything().filter((value) => typeof value !== 'string'),
        (value) => {
          expect(verifyVisitorId(value, SECRET)).toBeNull();
        }
      )
    );
  });

  it('rejects any single-character change of a signed id', () => {
    fc.assert(
      fc.property(
        fc.uuid({ version: 4 }),
        fc.nat({ max: 79 }),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
        (id, index, char) => {
          const signed = signVisitorId(id, SECRET);
          fc.pre(signed[index] !== char);
          expect(verifyVisitorId(replaceAt(signed, index, char), SECRET)).toBeNull();
        }
      )
    );
  });
});

describe('secretsOfAppKeys: rotating APP_KEYS', () => {
  it('keeps cookies signed under the old keys valid when a new key goes in front', () => {
    const before = secretsOfAppKeys(['old-key-1', 'old-key-2']);
    const after = secretsOfAppKeys(['new-key', 'old-key-1', 'old-key-2']);
    const signedBefore = signVisitorId(ID, before[0]);
    expect(verifyVisitorId(signedBefore, after)).toBe(ID);
    // new cookies are signed with the new key, which the old list does not know
    expect(verifyVisitorId(signVisitorId(ID, after[0]), before)).toBeNull();
  });

  it('still verifies what the joined keys signed before one secret was derived per key', () => {
    const joined = secretsOfAppKeys(['old-key-1,old-key-2'])[0];
    expect(
      verifyVisitorId(signVisitorId(ID, joined), secretsOfAppKeys(['old-key-1', 'old-key-2']))
    ).toBe(ID);
  });

  it('verifies with no key once it is removed', () => {
    const signed = signVisitorId(ID, secretsOfAppKeys(['retired'])[0]);
    expect(verifyVisitorId(signed, secretsOfAppKeys(['current']))).toBeNull();
  });
});

describe('createVisitorIdVerifier: verdicts kept per presented value', () => {
  it('gives the verdicts of verifyVisitorId for any values, repeated or not', () => {
    const secrets = secretsOfAppKeys(['current', 'old']);
    const verify = createVisitorIdVerifier(secrets, 4);
    const valid = [ID, newVisitorId()].flatMap((id) =>
      secrets.map((key) => signVisitorId(id, key))
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...valid, SIGNED, ''), fc.string(), fc.anything())),
        (presented) => {
          for (const value of presented)
            expect(verify(value)).toBe(verifyVisitorId(value, secrets));
        }
      )
    );
  });
});
