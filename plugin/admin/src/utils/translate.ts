import * as React from 'react';
import { useIntl, type PrimitiveType } from 'react-intl';
import { PLUGIN_ID } from '../pluginId';

type Values = Record<string, PrimitiveType>;

/** A plugin message: `id` without the plugin's prefix (`campaigns.title` is `cxm.campaigns.title` in en.json). */
export type Translate = (id: string, defaultMessage: string, values?: Values) => string;

/** The plugin's messages in the admin's language; the function is stable while the language is. */
export function useTranslate(): Translate {
  const { formatMessage } = useIntl();
  return React.useCallback(
    (id, defaultMessage, values) =>
      formatMessage({ id: `${PLUGIN_ID}.${id}`, defaultMessage }, values),
    [formatMessage]
  );
}
