/** One webhook: its state, 14-day chart, secret, and Disable/Enable, Send test, Rotate secret, Edit, Delete. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Webhook } from '../../../../contract/integrations.js';
import { useAction, useOp } from '../../api/client-context.js';
import { useFallbackInterval } from '../../api/notices.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { CopyButton } from '../../components/CopyButton.js';
import { DeliveryChart } from '../../components/DeliveryChart.js';
import { ErrorText } from '../../components/ErrorText.js';
import { formatTime } from '../../lib/format.js';
import { Link } from '../../router.js';
import { WebhookEnable } from './WebhookEnable.js';
import { reasonText } from './reason-text.js';

/** The card's own sentences for the reasons a key's subscription was disabled with, by their code. */
const KEY_REASONS = { key_revoked: 'keyRevoked', key_disabled: 'keyDisabled' } as const;

/** One word for the webhook's state: Disabled, Paused (sending is paused for all), or Enabled. */
export function useWebhookState(webhook: Webhook): 'enabled' | 'disabled' | 'paused' {
  const status = useOp('dispatch.status', {}, { refetchInterval: useFallbackInterval(3_000) });
  if (!webhook.enabled) return 'disabled';
  return status.data?.paused ? 'paused' : 'enabled';
}

const BADGE = { enabled: 'badge-success', disabled: 'badge-skipped', paused: 'badge-pending' } as const;

export function WebhookStateBadge({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation('webhooks', { keyPrefix: 'state' });
  const state = useWebhookState(webhook);
  return <span className={`badge ${BADGE[state]}`}>{t(state)}</span>;
}

/** Why it is disabled, in the owner's words and language: by the reason's code (contract/reasons.ts). */
export function DisabledReason({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation('webhooks', { keyPrefix: 'card' });
  const { disabledReason: reason, disabledReasonCode: code, disabledReasonParams: params } = webhook;
  if (!reason) return null;
  const known = code ? KEY_REASONS[code as keyof typeof KEY_REASONS] : undefined;
  return (
    <p className="hint">
      {known ? t(known) : t('disabledBecause', { reason: reasonText(reason, code, params) })}
    </p>
  );
}

/** Deliveries of this webhook that went out but whose outcome could not be saved (`dispatch.status`'s `stuck`). */
function StuckNotice({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation('webhooks', { keyPrefix: 'card' });
  const status = useOp('dispatch.status', {}, { refetchInterval: useFallbackInterval(3_000) });
  const mine = status.data?.stuck?.filter((stuck) => stuck.webhookId === webhook.id) ?? [];
  if (mine.length === 0) return null;
  const next = mine.reduce((a, b) => (a.nextSendAt <= b.nextSendAt ? a : b));
  return (
    <p className="warning" role="alert" aria-label={t('stuckLabel')}>
      {t('stuck', {
        count: mine.length,
        error: mine[mine.length - 1].error,
        next: formatTime(next.nextSendAt),
      })}
    </p>
  );
}

export function WebhookCard({ webhook, editPath }: { webhook: Webhook; editPath: string }) {
  const { t } = useTranslation('webhooks', { keyPrefix: 'card' });
  const [notice, setNotice] = useState<string | null>(null);
  const [showSecret, setShowSecret] = useState(false);
  const sendTest = useAction('webhooks.sendTest', {
    alsoRefresh: ['log', 'dispatch'],
    onSuccess: () => setNotice(t('testSent')),
  });
  const rotate = useAction('webhooks.rotateSecret', {
    onSuccess: () => {
      setShowSecret(true);
      setNotice(t('secretRotated'));
    },
  });
  const remove = useAction('webhooks.delete');
  const error = sendTest.error ?? rotate.error ?? remove.error;
  const events = webhook.events.includes('*') ? t('allEvents') : webhook.events.join(', ');

  return (
    <article className="card webhook" aria-label={webhook.name}>
      <header className="webhook-head">
        <div>
          <h3>{webhook.name}</h3>
          <p className="url">{webhook.url}</p>
        </div>
        <WebhookStateBadge webhook={webhook} />
      </header>
      <DisabledReason webhook={webhook} />
      {webhook.enabled && webhook.failing ? (
        <p className="warning" role="alert" aria-label={t('failingLabel')}>
          {t('failing', {
            since: formatTime(webhook.failing.since),
            error: webhook.failing.lastError ?? t('unknownError'),
          })}
        </p>
      ) : null}
      <StuckNotice webhook={webhook} />
      <p className="events">
        <span className="label">{t('events')}</span> {events}
      </p>
      {webhook.ordered ? <p className="hint">{t('ordered')}</p> : null}
      {webhook.filter ? (
        <p className="events">
          <span className="label">{t('filter')}</span> <code>{JSON.stringify(webhook.filter)}</code>
        </p>
      ) : null}
      {webhook.filter || webhook.filteredOut > 0 ? (
        <p className="hint">{t('filteredOut', { count: webhook.filteredOut })}</p>
      ) : null}
      <DeliveryChart webhookId={webhook.id} name={webhook.name} />
      <div className="secret">
        <span className="label">{t('secret')}</span>{' '}
        <code>{showSecret ? webhook.secret : `${webhook.secret.slice(0, 10)}…`}</code>
        <button
          type="button"
          className="ghost"
          onClick={() => setShowSecret((s) => !s)}
          aria-pressed={showSecret}
        >
          {showSecret ? t('hide') : t('reveal')}
        </button>
        <CopyButton text={webhook.secret} label={t('copySecret')} />
      </div>
      <div className="actions">
        <WebhookEnable webhook={webhook} />
        <button
          type="button"
          onClick={() => sendTest.mutate({ id: webhook.id })}
          disabled={sendTest.isPending}
        >
          {t('sendTest')}
        </button>
        <ConfirmButton
          className=""
          question={t('rotateQuestion', { name: webhook.name })}
          confirmLabel={t('rotate')}
          onConfirm={() => rotate.mutate({ id: webhook.id })}
        >
          {t('rotate')}
        </ConfirmButton>
        <Link to={editPath} className="button">
          {t('edit')}
        </Link>
        <ConfirmButton
          question={t('deleteQuestion', { name: webhook.name })}
          confirmLabel={t('delete')}
          onConfirm={() => remove.mutate({ id: webhook.id })}
        >
          {t('delete')}
        </ConfirmButton>
      </div>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          <ErrorText error={error} />
        </p>
      ) : null}
    </article>
  );
}
