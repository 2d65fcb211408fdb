/**
 * The API key, right after it was created or rotated: the only time it is
 * ever shown. It lives in this component's state alone, so closing or
 * reloading loses it for good.
 */
import type { ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { CopyButton } from '../../components/CopyButton.js';

/**
 * `children`: what else to say about the key (its permissions), below the warning.
 * `title`: whose key it is, after a rotation ("New key for n8n (replaces …a1b2)").
 */
export function KeyShownOnce({
  apiKey,
  onClose,
  children,
  title,
}: {
  apiKey: string;
  onClose: () => void;
  children?: ReactNode;
  title?: string;
}) {
  const { t } = useTranslation('keys', { keyPrefix: 'once' });
  return (
    <div className="card key-once" role="region" aria-label={t('label')}>
      <h3>{title ?? t('label')}</h3>
      <div className="copy-field">
        <label className="field">
          <span className="label">{t('label')}</span>
          <input
            readOnly
            value={apiKey}
            onFocus={(e) => e.currentTarget.select()}
            // Focus lands on the key, selected: Ctrl+C copies it at once, and keyboard users are not lost.
            autoFocus
            className="mono"
          />
        </label>
        <CopyButton text={apiKey} label={t('copy')} />
      </div>
      <p className="warning" role="alert">
        <Trans t={t} i18nKey="warning" components={{ strong: <strong /> }} />
      </p>
      {children}
      <button type="button" className="primary" onClick={onClose}>
        {t('done')}
      </button>
    </div>
  );
}
