import { isCuid } from '@paralleldrive/cuid2';
import fc from 'fast-check';
import { DOCUMENT_ID_LENGTH, newDocumentId, newTimeOrderedDocumentId } from '../ids';

describe('newDocumentId', () => {
  it('has the shape of a Strapi document id', () => {
    for (let i = 0; i < 1000; i++) {
      const id = newDocumentId();
      expect(id).toMatch(/^[a-z][a-z0-9]{23}$/);
      expect(id).toHaveLength(DOCUMENT_ID_LENGTH);
      expect(isCuid(id)).toBe(true);
    }
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 100_000 }, newDocumentId));
    expect(ids.size).toBe(100_000);
  });

  it('uses every character about equally often', () => {
    const counts = new Map<string, number>();
    const samples = 20_000;
    for (let i = 0; i < samples; i++)
      for (const char of newDocumentId().slice(1)) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(36);
    const expected = (samples * (DOCUMENT_ID_LENGTH - 1)) / 36;
    for (const count of counts.values())
      expect(Math.abs(count - expected) / expected).toBeLessThan(0.05);
  });
});

describe('newTimeOrderedDocumentId', () => {
  const times = fc.integer({ min: 0, max: Date.UTC(5000, 0, 1) });

  it('has the shape of a Strapi document id', () => {
    fc.assert(
      fc.property(times, (at) => {
        const id = newTimeOrderedDocumentId(at);
        expect(id).toMatch(/^[a-z][a-z0-9]{23}$/);
        expect(isCuid(id)).toBe(true);
      })
    );
  });

  it('sorts as its times do', () => {
    fc.assert(
      fc.property(times, times, (a, b) => {
        fc.pre(a !== b);
        expect(newTimeOrderedDocumentId(a) < newTimeOrderedDocumentId(b)).toBe(a < b);
      })
    );
  });

  it('does not repeat within one millisecond', () => {
    const at = Date.now();
    const ids = new Set(Array.from({ length: 100_000 }, () => newTimeOrderedDocumentId(at)));
    expect(ids.size).toBe(100_000);
  });
});
