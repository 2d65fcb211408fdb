/**
 * New Incoming Webhook: a name, the Permissions (the seed's six, then the read
 * ones), an optional IP Whitelist, Save; then the key, once.
 */
import { useState, type FormEvent } from 'react';
import { FIELD_LABELS } from '../../../../contract/field-labels.js';
import { PERMISSIONS, WRITE_PERMISSIONS, type Permission } from '../../../../contract/integrations.js';
import { useAction } from '../../api/client-context.js';
import { fieldError, fieldErrors } from '../../api/errors.js';
import { limitsOf } from '../../api/validate.js';
import { Checkbox, CheckGroup, FormError, TextField } from '../../components/Field.js';
import { navigate } from '../../router.js';
import { IpWhitelistField, parseRules } from './IpWhitelistField.js';
import { KeyShownOnce } from './KeyShownOnce.js';
import { FormActions } from '../../components/FormActions.js';

const SEED_SIX = WRITE_PERMISSIONS;
const MORE = PERMISSIONS.filter((p) => !SEED_SIX.includes(p));

export function IncomingWebhookForm({ back }: { back: string }) {
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
      label={p.label}
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
      <h2 id="incoming-form-title">New Incoming Webhook</h2>
      <form className="card" onSubmit={submit} noValidate aria-labelledby="incoming-form-title">
        <FormError error={create.error} fields={errors} />
        <TextField
          label={FIELD_LABELS.name}
          maxLength={limitsOf('keys.create', 'name').maxLength}
          hint="Where the key is used, such as “n8n e-mail to task”"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(errors, 'name')}
        />
        <CheckGroup legend={FIELD_LABELS.permissions} error={fieldError(errors, 'permissions')}>
          <p className="hint">Minimal permissions: only grant what the other system needs.</p>
          {SEED_SIX.map(box)}
          <fieldset className="event-group">
            <legend>Read</legend>
            {MORE.map(box)}
          </fieldset>
        </CheckGroup>
        <IpWhitelistField value={whitelist} onChange={setWhitelist} errors={errors} />
        <FormActions saving={create.isPending} onCancel={() => navigate(back)} />
      </form>
    </section>
  );
}
