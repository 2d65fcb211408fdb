/**
 * Calendar dates (`YYYY-MM-DD`) as the owner sees them: "today" is the local
 * date of the injected clock in the process's time zone, which is the user's
 * on a desktop. Date arithmetic is done on UTC midnights so that daylight
 * saving changes never shift a day.
 */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The local calendar date of an instant, in the process's time zone. */
export function localDate(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export const yearOf = (date: string): number => Number(date.slice(0, 4));
