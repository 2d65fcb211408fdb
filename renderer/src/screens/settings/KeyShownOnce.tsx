/**
 * The API key, right after it was created or rotated: the only time it is
 * ever shown. It lives in this component's state alone, so closing or
 * reloading loses it for good.
 */
import type { ReactNode } from 'react';
import { CopyButton } from '../../components/CopyButton.js';

export const KEY_WARNING = 'The key is only displayed once. Store it securely!';

/** `children`: what else to say about the key (its permissions), below the warning. */
export function KeyShownOnce({
  apiKey,
  onClose,
  children,
}: {
  apiKey: string;
  onClose: () => void;
  children?: ReactNode;
}) {
  return (
    <div className="card key-once" role="region" aria-label="API Key">
      <h3>API Key</h3>
      <div className="copy-field">
        <label className="field">
          <span className="label">API Key</span>
          <input
            readOnly
            value={apiKey}
            onFocus={(e) => e.currentTarget.select()}
            // Focus lands on the key, selected: Ctrl+C copies it at once, and keyboard users are not lost.
            autoFocus
            className="mono"
          />
        </label>
        <CopyButton text={apiKey} label="Copy key" />
      </div>
      <p className="warning" role="alert">
        <strong>Important:</strong> {KEY_WARNING}
      </p>
      {children}
      <button type="button" className="primary" onClick={onClose}>
        Done
      </button>
    </div>
  );
}
