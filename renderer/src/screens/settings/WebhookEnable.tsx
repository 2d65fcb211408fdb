/**
 * Disable / Enable one webhook, on its card and on its own settings page. Disable asks first and
 * says what happens to the events meanwhile: kept as Skipped, sent later by Replay. A subscription
 * whose key was revoked can never be enabled again (the core answers 409), so Enable is off there.
 */
import { useTranslation } from 'react-i18next';
import type { Webhook } from '../../../../contract/integrations.js';
import { useAction } from '../../api/client-context.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { ErrorText } from '../../components/ErrorText.js';

export function WebhookEnable({ webhook, showError = true }: { webhook: Webhook; showError?: boolean }) {
  const { t } = useTranslation('webhooks', { keyPrefix: 'enable' });
  const setEnabled = useAction('webhooks.setEnabled', { alsoRefresh: ['dispatch', 'log'] });
  const revoked = !webhook.enabled && webhook.disabledReasonCode === 'key_revoked';
  const change = (enabled: boolean) => setEnabled.mutate({ id: webhook.id, enabled });
  return (
    <>
      {webhook.enabled ? (
        <ConfirmButton
          className=""
          question={t('question', { name: webhook.name })}
          confirmLabel={t('disable')}
          onConfirm={() => change(false)}
          disabled={setEnabled.isPending}
        >
          {t('disable')}
        </ConfirmButton>
      ) : (
        <button type="button" onClick={() => change(true)} disabled={setEnabled.isPending || revoked}>
          {t('enable')}
        </button>
      )}
      {showError && setEnabled.error ? (
        <span className="field-error" role="alert">
          <ErrorText error={setEnabled.error} />
        </span>
      ) : null}
    </>
  );
}
