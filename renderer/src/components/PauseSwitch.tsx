/**
 * The global "Pause webhooks" switch: the same state as the tray's. Shows how
 * many deliveries are held; refreshed by the notices (dispatch.changed,
 * deliveries.recorded), and every few seconds only while they are lost.
 */
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useAction, useOp } from '../api/client-context.js';
import { useFallbackInterval } from '../api/notices.js';
import { reasonText } from '../screens/settings/reason-text.js';

/**
 * "Held" only while paused (the pause holds them); while sending, the same rows are waiting for
 * their time (retries, the outgoing limit). Failing webhooks are counted either way.
 */
function heldText(status: { held: number; failing: number }, paused: boolean, t: TFunction): string {
  const parts = [];
  if (paused) parts.push(t('pause.held', { count: status.held }));
  else if (status.held > 0) parts.push(t('pause.waiting', { count: status.held }));
  if (status.failing > 0) parts.push(t('pause.failing', { count: status.failing }));
  return parts.join(' · ');
}

export function PauseSwitch() {
  const { t } = useTranslation();
  const status = useOp('dispatch.status', {}, { refetchInterval: useFallbackInterval(3_000) });
  const setPaused = useAction('dispatch.setPaused', { alsoRefresh: ['log'] });

  // What the owner just chose, shown at once (set in the same event as the click, so the
  // controlled checkbox never flips back while the call and the refresh are on their way).
  const [chosen, setChosen] = useState<boolean | null>(null);
  const paused = chosen ?? !!status.data?.paused;
  return (
    <div className="pause-switch">
      <label className="switch">
        <input
          type="checkbox"
          role="switch"
          checked={paused}
          disabled={status.isPending || setPaused.isPending}
          onChange={(e) => {
            const next = e.currentTarget.checked;
            setChosen(next);
            setPaused.mutate({ paused: next }, { onSettled: () => setChosen(null) });
          }}
        />
        <span>{t('pause.switch')}</span>
      </label>
      <span className="held" aria-live="polite" data-testid="held-count">
        {status.data ? heldText(status.data, paused, t) : ''}
      </span>
      {paused && status.data?.pausedReason ? (
        <p className="pause-reason" role="status" data-testid="pause-reason">
          {reasonText(status.data.pausedReason, status.data.pausedReasonCode, status.data.pausedReasonParams)}
        </p>
      ) : null}
      {setPaused.error ? (
        <span className="field-error" role="alert">
          {setPaused.error.message}
        </span>
      ) : null}
    </div>
  );
}
