import * as React from 'react';
import { useFetchClient } from '@strapi/strapi/admin';

/** Strapi's admin fetch client: authenticated, and aborted when the component that made it unmounts. */
export type FetchClient = ReturnType<typeof useFetchClient>;

/** The path of a route with its query; parameters left undefined are not sent. */
export function withQuery(
  path: string,
  query: Record<string, string | number | undefined>
): string {
  const params = new URLSearchParams(
    Object.entries(query).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, String(value)]]
    )
  );
  return `${path}?${params}`;
}

/**
 * One area's typed client on the component's fetch client. `make` is a module-level factory, so
 * the client is stable for the component's life and can be an effect's or callback's dependency.
 */
export function useClient<Client>(make: (fetchClient: FetchClient) => Client): Client {
  const fetchClient = useFetchClient();
  return React.useMemo(() => make(fetchClient), [make, fetchClient]);
}
