/** The optional IP Whitelist of a new key, as text: the rules, and the contract's message naming its entry. */
import { useTranslation } from 'react-i18next';
import { TextArea } from '../../components/Field.js';
import { i18n } from '../../i18n/i18n.js';

/** "10.0.0.0/8, 192.168.1.5" or one per line → the rules. */
export const parseRules = (text: string): string[] =>
  text
    .split(/[\s,]+/)
    .map((r) => r.trim())
    .filter(Boolean);

/** A message about entry 2 of a list of IP rules (`ipWhitelist.1`, `trustedProxies.1`) names its line. */
export function ruleListError(errors: Record<string, string>, field: string): string | undefined {
  const path = Object.keys(errors).find((p) => p === field || p.startsWith(`${field}.`));
  if (!path) return undefined;
  const index = path.split('.')[1];
  return index === undefined
    ? errors[path]
    : i18n.t('keys:whitelist.entry', { number: Number(index) + 1, message: errors[path] });
}

export function IpWhitelistField({
  value,
  onChange,
  errors,
  hint,
}: {
  value: string;
  onChange: (text: string) => void;
  errors: Record<string, string>;
  hint?: string;
}) {
  const { t } = useTranslation('keys', { keyPrefix: 'whitelist' });
  return (
    <TextArea
      label={t('label')}
      hint={hint ?? t('hint')}
      rows={3}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={ruleListError(errors, 'ipWhitelist')}
    />
  );
}
