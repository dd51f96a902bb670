import * as React from 'react';

interface Loaded<Data> {
  load: () => Promise<Data>;
  data: Data | null;
  error: unknown;
}

/**
 * Data a page reads through a typed client: `load` (a callback over the client and the page's
 * parameters) runs on mount and whenever it changes. While a changed `load` runs, what the
 * previous one read stays shown (even when its answer comes only now, but never over a newer
 * answer), unless `hidePrevious`: another entry's data must never show meanwhile. `reload` runs
 * `load` again, e.g. after a write, and resolves with what it read.
 */
export function useApiData<Data>(
  load: () => Promise<Data>,
  { hidePrevious = false }: { hidePrevious?: boolean } = {}
) {
  const [loaded, setLoaded] = React.useState<Loaded<Data>>({ load, data: null, error: null });
  const started = React.useRef(0);
  const shown = React.useRef(0);
  React.useEffect(() => {
    const number = ++started.current;
    let superseded = false;
    load().then(
      (data) => {
        if (number < shown.current || (superseded && hidePrevious)) return;
        shown.current = number;
        setLoaded({ load, data, error: null });
      },
      (error: unknown) => !superseded && setLoaded({ load, data: null, error })
    );
    return () => {
      superseded = true;
    };
  }, [load, hidePrevious]);
  const reload = React.useCallback(async () => {
    const data = await load();
    setLoaded({ load, data, error: null });
    return data;
  }, [load]);
  const stale = loaded.load !== load;
  return {
    data: stale && hidePrevious ? null : loaded.data,
    error: stale ? null : loaded.error,
    reload,
  };
}
