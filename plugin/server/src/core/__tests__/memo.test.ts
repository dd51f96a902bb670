import fc from 'fast-check';
import { memoizeRecent } from '../memo';

describe('memoizeRecent', () => {
  it('returns what the function returns, calling it once per value while the value is kept', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 3 }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 8 }),
        (values, capacity) => {
          const calls: string[] = [];
          const length = memoizeRecent((value) => {
            calls.push(value);
            return value.length;
          }, capacity);
          const recent: string[] = [];
          for (const value of values) {
            const kept = recent.includes(value);
            const before = calls.length;
            expect(length(value)).toBe(value.length);
            expect(calls.length).toBe(kept ? before : before + 1);
            // the model: most recent last, at most `capacity`
            if (kept) recent.splice(recent.indexOf(value), 1);
            recent.push(value);
            if (recent.length > capacity) recent.shift();
          }
        }
      )
    );
  });

  it('drops the least recently used value first', () => {
    const calls: string[] = [];
    const echo = memoizeRecent((value) => {
      calls.push(value);
      return value;
    }, 2);
    echo('a');
    echo('b');
    echo('a'); // a is now the most recent
    echo('c'); // drops b
    echo('a');
    echo('b');
    expect(calls).toEqual(['a', 'b', 'c', 'b']);
  });
});
