/**
 * New Incoming Webhook: a name, the Permissions (the seed's six, then the read
 * ones), an optional IP Whitelist, Save; then the key, once. A half-filled form survives a
 * reload as a draft, dropped on save or Cancel; the key never enters it.
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
import { useDraft } from '../../lib/use-draft.js';

const SEED_SIX = WRITE_PERMISSIONS;
const MORE = PERMISSIONS.filter((p) => !SEED_SIX.includes(p));

/** What the draft keeps: the name, the permissions and the IP Whitelist as typed. */
interface KeyDraft {
  name: string;
  permissions: Permission[];
  whitelist: string;
}

export function IncomingWebhookForm({ back }: { back: string }) {
  const { t } = useTranslation('keys', { keyPrefix: 'form' });
  const { t: te } = useTranslation('editor');
  // A half-filled form is a draft (lib/use-draft.ts) until saved or cancelled; the key is never in it.
  const [form, setForm, draft] = useDraft<KeyDraft>('keys.new', { name: '', permissions: [], whitelist: '' });
  const { name, permissions, whitelist } = form;
  const [createdKey, setCreatedKey] = useState<string | null>(null);
  const create = useAction('keys.create', {
    onSuccess: (out) => {
      draft.clear();
      setCreatedKey(out.key);
    },
  });
  const errors = fieldErrors(create.error);

  if (createdKey) return <KeyShownOnce apiKey={createdKey} onClose={() => navigate(back)} />;

  const cancel = () => {
    draft.clear();
    navigate(back);
  };
  const toggle = (id: Permission, on: boolean) =>
    setForm((f) => ({
      ...f,
      permissions: on
        ? [...f.permissions.filter((p) => p !== id), id]
        : f.permissions.filter((p) => p !== id),
    }));
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
        {draft.restored ? (
          <p className="notice" role="status">
            {te('form.draftRestored')}
          </p>
        ) : null}
        <FormError error={create.error} fields={errors} />
        <TextField
          label={t('name')}
          maxLength={limitsOf('keys.create', 'name').maxLength}
          hint={t('nameHint')}
          value={name}
          onChange={(e) => {
            const text = e.currentTarget.value;
            setForm((f) => ({ ...f, name: text }));
          }}
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
        <IpWhitelistField
          value={whitelist}
          onChange={(text) => setForm((f) => ({ ...f, whitelist: text }))}
          errors={errors}
        />
        <FormActions saving={create.isPending} onCancel={cancel} />
      </form>
    </section>
  );
}
