/** Numbers and periods in the admin's language (react-intl's locale, as Strapi's admin sets it). */
import * as React from 'react';
import { useIntl } from 'react-intl';
import type { Interval } from '../../../server/src/contracts';

export function useFormat() {
  const intl = useIntl();
  return React.useMemo(
    () => ({
      /** whole numbers and up to two decimals: 1.234,5 in German, 1,234.5 in English */
      number: (value: number | null | undefined) =>
        value === null || value === undefined
          ? '—'
          : intl.formatNumber(value, { maximumFractionDigits: 2 }),
      /** a period's first day (YYYY-MM-DD) as the interval reads: 3 May, week of 3 May, May 2026 */
      period: (day: string, interval: Interval) => {
        const date = new Date(`${day}T00:00:00Z`);
        return interval === 'month'
          ? intl.formatDate(date, { month: 'short', year: 'numeric', timeZone: 'UTC' })
          : intl.formatDate(date, { day: 'numeric', month: 'short', timeZone: 'UTC' });
      },
    }),
    [intl]
  );
}
