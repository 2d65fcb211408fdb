/** A delivery or object status as a coloured, readable badge. */
const LABELS: Record<string, string> = {
  success: 'Success',
  error: 'Error',
  pending: 'Pending',
  retrying: 'Retrying',
  failed: 'Failed',
  skipped: 'Skipped',
  in_progress: 'In progress',
  on_hold: 'On hold',
};

export const statusLabel = (status: string): string =>
  LABELS[status] ?? status.charAt(0).toUpperCase() + status.slice(1).replace(/_/g, ' ');

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status}`}>{statusLabel(status)}</span>;
}
