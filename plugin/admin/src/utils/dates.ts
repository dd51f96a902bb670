const DAY_MS = 86_400_000;

export const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/** The last `days` days up to today, as the analytics API expects them. */
export function lastDays(days: number): { from: string; to: string } {
  const now = Date.now();
  return { from: isoDay(now - (days - 1) * DAY_MS), to: isoDay(now) };
}

const pad = (value: number) => String(value).padStart(2, '0');

/** A date picker's local calendar day as YYYY-MM-DD (not shifted to UTC). */
export const calendarDay = (date: Date) =>
  `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

/** YYYY-MM-DD as a date picker shows it: that calendar day at local midnight. */
export function dateOfDay(day: string): Date {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year, month - 1, date);
}
