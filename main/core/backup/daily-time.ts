/**
 * The daily backup's time: "HH:MM" in the process's local time zone, read
 * against the injected clock.
 */

/** The latest moment at `dailyAt` (local) that is not after `now`. */
export function lastPlannedAt(now: number, dailyAt: string): number {
  const [hours, minutes] = dailyAt.split(':').map(Number);
  const today = new Date(now);
  today.setHours(hours, minutes, 0, 0);
  if (today.getTime() <= now) return today.getTime();
  const yesterday = new Date(now);
  yesterday.setDate(yesterday.getDate() - 1);
  yesterday.setHours(hours, minutes, 0, 0);
  return yesterday.getTime();
}
