import { isCuid } from '@paralleldrive/cuid2';
import { DOCUMENT_ID_LENGTH, newDocumentId } from '../ids';

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
