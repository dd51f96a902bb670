/** The visitor's local clock: what `time.hour`, `time.weekday` and `date` of the context read. */

export interface LocalTime {
  hour: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  /** YYYY-MM-DD */
  date: string;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Local hour, weekday (0 = Sunday) and date in the visitor's time zone (UTC when unknown). */
export function localTime(now: number, timeZone: string | null): LocalTime {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone: timeZone ?? 'UTC',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      weekday: 'short',
    }).formatToParts(now);
  } catch {
    return localTime(now, null);
  }
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    hour: Number(part('hour')),
    weekday: WEEKDAYS.indexOf(part('weekday')),
    date: `${part('year')}-${part('month')}-${part('day')}`,
  };
}
