import fc from 'fast-check';
import { readWindow, trimList, type ReadWindow } from '../list-trimming';

describe('readWindow', () => {
  it.each([
    [{}, { start: 0 }],
    [
      { start: 0, limit: 25 },
      { start: 0, limit: 25 },
    ],
    [
      { start: '10', limit: '5' },
      { start: 10, limit: 5 },
    ],
    [{ start: 3 }, { start: 3 }],
    [{ limit: -1 }, { start: 0 }],
    [
      { page: 1, pageSize: 10 },
      { start: 0, limit: 10 },
    ],
    [
      { page: '3', pageSize: '2' },
      { start: 4, limit: 2 },
    ],
    [{ pageSize: 5 }, { start: 0, limit: 5 }],
  ])('reads %j as %j', (params, window) => {
    expect(readWindow(params)).toEqual(window);
  });

  it.each([
    [{ start: -1 }],
    [{ start: 1.5 }],
    [{ limit: 'ten' }],
    [{ limit: -2 }],
    [{ start: {} }],
    [{ page: 2 }],
    [{ page: 0, pageSize: 10 }],
    [{ page: 1, pageSize: 0 }],
    [{ page: 1, pageSize: 10, start: 0 }],
  ])('does not predict %j', (params) => {
    expect(readWindow(params)).toBeNull();
  });
});

describe('trimList', () => {
  const rows = (...ids: string[]) => ids.map((documentId) => ({ documentId }));
  const hidden = new Set(['v1', 'v2']);

  it('leaves the variants out of a read that returned every match, and says how many', () => {
    expect(trimList(rows('a', 'v1', 'b', 'v2'), hidden, { start: 0, limit: 25 })).toEqual({
      rows: rows('a', 'b'),
      leftOut: 2,
    });
    expect(trimList(rows('a'), hidden, { start: 0 })).toEqual({ rows: rows('a'), leftOut: 0 });
  });

  it('keeps a full first page without variants, the count unknown', () => {
    expect(trimList(rows('a', 'b'), hidden, { start: 0, limit: 2 })).toEqual({
      rows: rows('a', 'b'),
    });
  });

  it('cannot tell a full page with a variant, nor any page after an offset', () => {
    expect(trimList(rows('a', 'v1'), hidden, { start: 0, limit: 2 })).toBeNull();
    expect(trimList(rows('a'), hidden, { start: 1, limit: 2 })).toBeNull();
  });

  it('gives what a read with the exclusion gives, for any list, variants and window', () => {
    const id = fc.integer({ min: 0, max: 12 }).map((n) => `d${n}`);
    fc.assert(
      fc.property(
        fc.uniqueArray(id, { maxLength: 12 }),
        fc.uniqueArray(id, { maxLength: 6 }),
        fc.integer({ min: 0, max: 4 }),
        fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }),
        (all, hiddenIds, start, limit) => {
          const variants = new Set(hiddenIds);
          const window: ReadWindow = { start, ...(limit === undefined ? {} : { limit }) };
          const take = (list: string[]) =>
            list.slice(start, limit === undefined ? undefined : start + limit);
          const excluded = all.filter((documentId) => !variants.has(documentId));
          const trimmed = trimList(rows(...take(all)), variants, window);
          if (!trimmed) return;
          expect(trimmed.rows).toEqual(rows(...take(excluded)));
          if (trimmed.leftOut !== undefined)
            expect(all.length - trimmed.leftOut).toBe(excluded.length);
        }
      )
    );
  });
});
