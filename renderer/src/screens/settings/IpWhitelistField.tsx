/** The optional IP Whitelist of a new key, as text: the rules, and the contract's message naming its entry. */
import { TextArea } from '../../components/Field.js';

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
  return index === undefined ? errors[path] : `Entry ${Number(index) + 1}: ${errors[path]}`;
}

export function IpWhitelistField({
  value,
  onChange,
  errors,
  hint = 'Addresses or CIDR ranges, one per line (203.0.113.7, 10.0.0.0/8, 2001:db8::/32). Empty allows any.',
}: {
  value: string;
  onChange: (text: string) => void;
  errors: Record<string, string>;
  hint?: string;
}) {
  return (
    <TextArea
      label="IP Whitelist (optional)"
      hint={hint}
      rows={3}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={ruleListError(errors, 'ipWhitelist')}
    />
  );
}
