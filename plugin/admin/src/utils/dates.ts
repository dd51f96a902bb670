import { useIntl } from 'react-intl';

const DAY_MS = 86_400_000;

export const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/** The last `days` days up to today, as the analytics API expects them. */
export function lastDays(days: number): { from: string; to: string } {
  const now = Date.now();
  return { from: isoDay(now - (days - 1) * DAY_MS), to: isoDay(now) };
}

/** A moment as date and time in the admin's language; '—' for none. */
export function useDateTime() {
  const { formatDate } = useIntl();
  return (value: string | number | null) =>
    value === null || value === ''
      ? '—'
      : formatDate(value, { dateStyle: 'medium', timeStyle: 'short' });
}
