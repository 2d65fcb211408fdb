/**
 * New Incoming Webhook: a name, the Permissions (the seed's six, then the read
 * ones), an optional IP Whitelist, Save; then the key, once.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PERMISSIONS, WRITE_PERMISSIONS, type Permission } from '../../../../contract/integrations.js';
import { useAction } from '../../api/client-context.js';
import { fieldError, fieldErrors } from '../../api/errors.js';
import { limitsOf } from '../../api/validate.js';
import { Checkbox, CheckGroup, FormError, TextField } from '../../components/Field.js';
import { navigate } from '../../router.js';
import { IpWhitelistField, parseRules } from './IpWhitelistField.js';
import { KeyShownOnce } from './KeyShownOnce.js';
import { FormActions } from '../../components/FormActions.js';
import { permissionLabel } from './permission-label.js';

const SEED_SIX = WRITE_PERMISSIONS;
const MORE = PERMISSIONS.filter((p) => !SEED_SIX.includes(p));

export function IncomingWebhookForm({ back }: { back: string }) {
  const { t } = useTranslation('keys', { keyPrefix: 'form' });
  const [name, setName] = useState('');
  const [permissions, setPermissions] = useState<Permission[]>([]);
  const [whitelist, setWhitelist] = useState('');
  const [createdKey, setCreatedKey] = useState<string | null>(null);
  const create = useAction('keys.create', { onSuccess: (out) => setCreatedKey(out.key) });
  const errors = fieldErrors(create.error);

  if (createdKey) return <KeyShownOnce apiKey={createdKey} onClose={() => navigate(back)} />;

  const toggle = (id: Permission, on: boolean) =>
    setPermissions((list) => (on ? [...list.filter((p) => p !== id), id] : list.filter((p) => p !== id)));
  const box = (p: (typeof PERMISSIONS)[number]) => (
    <Checkbox
      key={p.id}
      label={permissionLabel(p.id)}
      checked={permissions.includes(p.id)}
      onChange={(e) => toggle(p.id, e.currentTarget.checked)}
    />
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const rules = parseRules(whitelist);
    create.mutate({ name, permissions, ...(rules.length > 0 ? { ipWhitelist: rules } : {}) });
  };

  return (
    <section className="screen" aria-labelledby="incoming-form-title">
      <h2 id="incoming-form-title">{t('title')}</h2>
      <form className="card" onSubmit={submit} noValidate aria-labelledby="incoming-form-title">
        <FormError error={create.error} fields={errors} />
        <TextField
          label={t('name')}
          maxLength={limitsOf('keys.create', 'name').maxLength}
          hint={t('nameHint')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(errors, 'name')}
        />
        <CheckGroup legend={t('permissions')} error={fieldError(errors, 'permissions')}>
          <p className="hint">{t('permissionsHint')}</p>
          {SEED_SIX.map(box)}
          <fieldset className="event-group">
            <legend>{t('read')}</legend>
            {MORE.map(box)}
          </fieldset>
        </CheckGroup>
        <IpWhitelistField value={whitelist} onChange={setWhitelist} errors={errors} />
        <FormActions saving={create.isPending} onCancel={() => navigate(back)} />
      </form>
    </section>
  );
}
