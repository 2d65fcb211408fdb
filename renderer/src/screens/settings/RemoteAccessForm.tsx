/**
 * Remote access: the public address (`settings.publicUrl`) that the snippets, the base URLs
 * and the API reference use, and the trusted proxies whose X-Forwarded-For is believed
 * (docs/remote-access.md). Saving refreshes app.info, which carries the public address.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../../contract/integrations.js';
import { useAction, useOp } from '../../api/client-context.js';
import { fieldError, fieldErrors } from '../../api/errors.js';
import { ErrorText } from '../../components/ErrorText.js';
import { FormError, TextArea, TextField } from '../../components/Field.js';
import { SaveActions } from '../../components/FormActions.js';
import { parseRules, ruleListError } from './IpWhitelistField.js';

function Form({ settings }: { settings: Settings }) {
  const { t } = useTranslation('integrations', { keyPrefix: 'remote' });
  const [publicUrl, setPublicUrl] = useState(settings.publicUrl ?? '');
  const [proxies, setProxies] = useState(settings.trustedProxies.join('\n'));
  const [saved, setSaved] = useState(false);
  const update = useAction('settings.update', { alsoRefresh: ['app'], onSuccess: () => setSaved(true) });
  const errors = fieldErrors(update.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    update.mutate({
      publicUrl: publicUrl.trim() === '' ? null : publicUrl,
      trustedProxies: parseRules(proxies),
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('label')}>
      <FormError error={update.error} fields={errors} />
      <TextField
        label={t('publicUrl')}
        hint={t('publicUrlHint')}
        inputMode="url"
        value={publicUrl}
        onChange={(e) => {
          setSaved(false);
          setPublicUrl(e.currentTarget.value);
        }}
        error={fieldError(errors, 'publicUrl')}
      />
      <TextArea
        label={t('proxies')}
        hint={t('proxiesHint')}
        rows={2}
        value={proxies}
        onChange={(e) => {
          setSaved(false);
          setProxies(e.currentTarget.value);
        }}
        error={ruleListError(errors, 'trustedProxies', proxies)}
      />
      <SaveActions saving={update.isPending} saved={saved} />
    </form>
  );
}

export function RemoteAccessForm() {
  const { t } = useTranslation();
  const settings = useOp('settings.get', {});
  if (settings.isError)
    return (
      <p className="form-error" role="alert">
        <ErrorText error={settings.error} />
      </p>
    );
  return settings.data ? <Form settings={settings.data} /> : <p className="hint">{t('app.loading')}</p>;
}
