/** A delivery or object status as a coloured, readable badge, in the owner's language. */
import { useTranslation } from 'react-i18next';
import { i18n } from '../i18n/i18n.js';

/** The status's name in the window's language; an unknown one as it is, made readable. */
export const statusLabel = (status: string): string =>
  i18n.exists(`status.${status}`)
    ? i18n.t(`status.${status}` as 'status.success')
    : status.charAt(0).toUpperCase() + status.slice(1).replace(/_/g, ' ');

export function StatusBadge({ status }: { status: string }) {
  useTranslation(); // re-renders when the language changes
  return <span className={`badge badge-${status}`}>{statusLabel(status)}</span>;
}
