import * as React from 'react';

interface Loaded<Data> {
  load: () => Promise<Data>;
  data: Data | null;
  error: unknown;
}

/**
 * Data a page reads through a typed client: `load` (a callback over the client and the page's
 * parameters) runs on mount and whenever it changes; an answer that comes after the next change
 * is dropped. While a changed `load` runs, the previous data stays shown, unless
 * `hidePrevious` (another entry's data must never show meanwhile). `reload` runs it again,
 * e.g. after a write, and resolves with what it read.
 */
export function useApiData<Data>(
  load: () => Promise<Data>,
  { hidePrevious = false }: { hidePrevious?: boolean } = {}
) {
  const [loaded, setLoaded] = React.useState<Loaded<Data>>({ load, data: null, error: null });
  React.useEffect(() => {
    let current = true;
    load().then(
      (data) => current && setLoaded({ load, data, error: null }),
      (error: unknown) => current && setLoaded({ load, data: null, error })
    );
    return () => {
      current = false;
    };
  }, [load]);
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
