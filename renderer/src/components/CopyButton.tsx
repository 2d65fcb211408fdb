/** Copies a text to the clipboard and says so. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return;
    } catch {
      // fall through: the page may not be allowed to use the async clipboard
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  document.body.appendChild(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

export function CopyButton({ text, label }: { text: string; label?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="copy"
      onClick={async () => {
        await copyText(text);
        setCopied(true);
        setTimeout(() => setCopied(false), 2000);
      }}
    >
      {copied ? t('form.copied') : (label ?? t('form.copy'))}
      <span className="visually-hidden" aria-live="polite">
        {copied ? t('form.toClipboard') : ''}
      </span>
    </button>
  );
}

/** A read-only value with its copy button. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation();
  return (
    <div className="copy-field">
      <label className="field">
        <span className="label">{label}</span>
        <input readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <CopyButton text={value} label={t('form.copyNamed', { label })} />
    </div>
  );
}
