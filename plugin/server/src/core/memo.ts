/**
 * A function's results kept for its most recently used arguments (least recently used dropped
 * first): for checks of values that repeat across requests, such as a visitor's signed id or a
 * User-Agent.
 */
export function memoizeRecent<R>(fn: (value: string) => R, capacity: number): (value: string) => R {
  const results = new Map<string, R>();
  return (value) => {
    if (results.has(value)) {
      const result = results.get(value) as R;
      // a Map iterates in insertion order: re-inserting marks the value as the most recent
      results.delete(value);
      results.set(value, result);
      return result;
    }
    const result = fn(value);
    if (results.size >= capacity) results.delete(results.keys().next().value as string);
    results.set(value, result);
    return result;
  };
}
