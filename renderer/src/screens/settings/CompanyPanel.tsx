/**
 * Settings > General > Company: the details printed on invoices and quotes
 * (settings.update's `company`), the logo (company.setLogo: the file is sent
 * as it is, and the server checks its bytes) and the secret the document
 * links in events are signed with (documents.rotateLinkSecret).
 */
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompanySettings } from '../../../../contract/documents.js';
import type { Settings } from '../../../../contract/integrations.js';
import { useAction, useOp } from '../../api/client-context.js';
import { fieldError, fieldErrors } from '../../api/errors.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { FormError, TextArea, TextField } from '../../components/Field.js';

type Key = keyof CompanySettings;
const LINES: readonly Key[] = ['address', 'bankDetails', 'paymentTerms'];
const ORDER: readonly Key[] = ['name', 'address', 'vatId', 'iban', 'bankDetails', 'paymentTerms'];

/** The file's bytes as base64 (FileReader's data URL without its prefix: the server ignores the type it claims). */
const readBase64 = (file: File): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsDataURL(file);
  });

function LogoField() {
  const { t } = useTranslation('general');
  const logo = useOp('company.logo', {});
  const setLogo = useAction('company.setLogo');
  const errors = fieldErrors(setLogo.error);
  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.currentTarget.files?.[0];
    e.currentTarget.value = '';
    if (file) setLogo.mutate({ logo: await readBase64(file) });
  };
  const current = logo.data?.logo;
  return (
    <div className="field">
      <label className="label" htmlFor="company-logo">
        {t('company.logo')}
      </label>
      {/* Described rather than shown: the window's CSP loads no data: images. */}
      <p className="hint" data-testid="company-logo-current">
        {current
          ? t('company.logoIs', {
              type: current.type.toUpperCase(),
              width: current.width,
              height: current.height,
              size: Math.max(1, Math.round(current.size / 1024)),
            })
          : t('company.noLogo')}
      </p>
      <input
        id="company-logo"
        type="file"
        accept="image/png,image/jpeg"
        disabled={setLogo.isPending}
        onChange={(e) => void choose(e)}
        aria-describedby="company-logo-hint"
      />
      <p className="hint" id="company-logo-hint">
        {t('company.logoHint')}
      </p>
      {fieldError(errors, 'logo') || setLogo.error ? (
        <p className="form-error" role="alert">
          {fieldError(errors, 'logo') ?? setLogo.error?.message}
        </p>
      ) : null}
      {current ? (
        <button type="button" disabled={setLogo.isPending} onClick={() => setLogo.mutate({ logo: null })}>
          {t('company.removeLogo')}
        </button>
      ) : null}
    </div>
  );
}

export function CompanyPanel({ settings }: { settings: Settings }) {
  const { t } = useTranslation('general');
  const [form, setForm] = useState<CompanySettings>(settings.company);
  const [saved, setSaved] = useState(false);
  const update = useAction('settings.update', { onSuccess: () => setSaved(true) });
  const rotate = useAction('documents.rotateLinkSecret');
  const errors = fieldErrors(update.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({ company: form });
  };
  return (
    <section className="card" aria-labelledby="company-title">
      <h3 id="company-title">{t('company.title')}</h3>
      <p className="hint">{t('company.hint')}</p>
      <form onSubmit={submit} noValidate>
        <FormError error={update.error} fields={errors} />
        {ORDER.map((key) => {
          const common = {
            label: t(`company.fields.${key}`),
            value: form[key],
            error: fieldError(errors, `company.${key}`),
            onChange: (e: { currentTarget: { value: string } }) => {
              setSaved(false);
              setForm({ ...form, [key]: e.currentTarget.value });
            },
          };
          return LINES.includes(key) ? (
            <TextArea key={key} {...common} rows={3} />
          ) : (
            <TextField key={key} {...common} />
          );
        })}
        {/* Named apart from the General form's Save above it, as Backups' "Apply backup settings" is. */}
        <div className="actions">
          <button type="submit" className="primary" disabled={update.isPending}>
            {t('company.apply')}
          </button>
          {saved ? <span role="status">{t('company.applied')}</span> : null}
        </div>
      </form>
      <LogoField />
      <h4>{t('company.links.title')}</h4>
      <p className="hint">{t('company.links.hint')}</p>
      {rotate.isSuccess ? <p role="status">{t('company.links.rotated')}</p> : null}
      <ConfirmButton
        question={t('company.links.question')}
        confirmLabel={t('company.links.confirm')}
        disabled={rotate.isPending}
        onConfirm={() => rotate.mutate({})}
      >
        {t('company.links.rotate')}
      </ConfirmButton>
    </section>
  );
}
