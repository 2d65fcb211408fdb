/**
 * "Create a key" for one integration (Use with n8n, Use with Zapier): keys.create with the
 * permissions its preset names (contract/integration-presets.ts) and an optional IP
 * whitelist; then the key, once, as for any incoming webhook, with what it may do.
 */
import { useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { IntegrationPreset } from '../../../../contract/integration-presets.js';
import { useAction } from '../../api/client-context.js';
import { fieldErrors } from '../../api/errors.js';
import { FormError } from '../../components/Field.js';
import { Link } from '../../router.js';
import { IpWhitelistField, parseRules } from './IpWhitelistField.js';
import { KeyShownOnce } from './KeyShownOnce.js';
import { permissionLabel } from './permission-label.js';

function PermissionList({ permissions, label }: { permissions: readonly string[]; label: string }) {
  return (
    <ul className="permission-list" aria-label={label}>
      {permissions.map((p) => (
        <li key={p}>
          {permissionLabel(p)} <code>{p}</code>
        </li>
      ))}
    </ul>
  );
}

export function PresetKey({ preset, whitelistHint }: { preset: IntegrationPreset; whitelistHint?: string }) {
  const { t } = useTranslation('keys', { keyPrefix: 'preset' });
  const [whitelist, setWhitelist] = useState('');
  const [created, setCreated] = useState<{ key: string; permissions: string[] } | null>(null);
  const create = useAction('keys.create', {
    onSuccess: (out) => setCreated({ key: out.key, permissions: out.permissions }),
  });
  const errors = fieldErrors(create.error);

  if (created)
    return (
      <KeyShownOnce apiKey={created.key} onClose={() => setCreated(null)}>
        <h4>{t('mayDo')}</h4>
        <PermissionList permissions={created.permissions} label={t('newKeyPermissions')} />
        <p className="hint">
          <Trans
            t={t}
            i18nKey="listed"
            values={{ name: preset.keyName }}
            components={{ incoming: <Link to="/settings/integrations/incoming">{''}</Link> }}
          />
        </p>
      </KeyShownOnce>
    );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const rules = parseRules(whitelist);
    create.mutate({
      name: preset.keyName,
      permissions: [...preset.permissions],
      ...(rules.length > 0 ? { ipWhitelist: rules } : {}),
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('create', { product: preset.product })}>
      <FormError error={create.error} fields={errors} />
      <p>{t('gets', { product: preset.product })}</p>
      <PermissionList permissions={preset.permissions} label={t('needs', { product: preset.product })} />
      <IpWhitelistField value={whitelist} onChange={setWhitelist} errors={errors} hint={whitelistHint} />
      <div className="actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {t('create', { product: preset.product })}
        </button>
      </div>
    </form>
  );
}
