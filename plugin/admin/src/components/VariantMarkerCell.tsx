import * as React from 'react';
import { Badge, Typography } from '@strapi/design-system';
import { getFetchClient } from '@strapi/strapi/admin';
import type { DataResponse, VariantMarker } from '../../../server/src/contracts';
import { withQuery } from '../api/client';
import { useTranslate } from '../utils/translate';

/** How long one list's answer is reused: every row of a page asks, one request answers them all. */
const REUSE_MS = 5_000;
const markersByUid = new Map<
  string,
  { at: number; markers: Promise<Map<string, VariantMarker>> }
>();

/** The variant markers of a type, one request per list view (the fetch is not tied to one cell's life). */
function markersOf(uid: string): Promise<Map<string, VariantMarker>> {
  const cached = markersByUid.get(uid);
  if (cached && Date.now() - cached.at < REUSE_MS) return cached.markers;
  const markers = getFetchClient()
    .get<DataResponse<VariantMarker[]>>(withQuery('/cxm/variants', { uid }))
    .then(({ data }) => new Map(data.data.map((marker) => [marker.documentId, marker])));
  markersByUid.set(uid, { at: Date.now(), markers });
  // A refused or failed request marks nothing and is asked again by the next list.
  markers.catch(() => markersByUid.delete(uid));
  return markers;
}

/** The Content Manager list's "Personalization" cell: "Variant of Home" on a variant, nothing on other entries. */
export function VariantMarkerCell({ uid, documentId }: { uid: string; documentId: string }) {
  const t = useTranslate();
  const [marker, setMarker] = React.useState<VariantMarker | null>(null);
  React.useEffect(() => {
    let current = true;
    markersOf(uid).then(
      (markers) => current && setMarker(markers.get(documentId) ?? null),
      () => current && setMarker(null)
    );
    return () => {
      current = false;
    };
  }, [uid, documentId]);
  if (!marker) return <Typography textColor="neutral500">-</Typography>;
  return (
    <Badge>
      {marker.servedBy === 'rules'
        ? t('variants.listMarker', 'Variant of {base}', { base: marker.baseTitle })
        : t('variants.listMarkerExperiment', 'Test arm of {base}', { base: marker.baseTitle })}
    </Badge>
  );
}

interface ListViewHookArgs {
  displayedHeaders: unknown[];
  layout: unknown;
}

/** The content type of the list being shown: the hook is not told, the Content Manager's URL names it. */
const listedUid = () =>
  /\/content-manager\/collection-types\/([^/?#]+)/.exec(window.location.pathname)?.[1];

/**
 * The Content Manager's list-view hook: the app's own content types (not plugins') get a
 * "Personalization" column that marks variants, so a variant is recognisable among its type's entries.
 */
export function addVariantColumn({ displayedHeaders, layout }: ListViewHookArgs) {
  if (!listedUid()?.startsWith('api::')) return { displayedHeaders, layout };
  return {
    displayedHeaders: [
      ...displayedHeaders,
      {
        attribute: { type: 'string' },
        label: { id: 'cxm.variants.listColumn', defaultMessage: 'Personalization' },
        searchable: false,
        sortable: false,
        name: 'cxm_variant',
        cellFormatter: (
          row: { documentId: string },
          _header: unknown,
          { model }: { model: string }
        ) => <VariantMarkerCell uid={model} documentId={row.documentId} />,
      },
    ],
    layout,
  };
}
