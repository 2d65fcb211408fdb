/** The optional IP Whitelist of a new key, as text: the rules, and each wrong one named by its line. */
import { useTranslation } from 'react-i18next';
import { lineMessage } from '../../../../contract/field-issues.js';
import { labelOf } from '../../../../contract/field-labels.js';
import { TextArea } from '../../components/Field.js';

/** "10.0.0.0/8, 192.168.1.5" or one per line → the rules, each with the line of the text it is on. */
export function parseRuleLines(text: string): { rule: string; line: number }[] {
  return text.split('\n').flatMap((content, index) =>
    content
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((rule) => ({ rule, line: index + 1 })),
  );
}

export const parseRules = (text: string): string[] => parseRuleLines(text).map((r) => r.rule);

/**
 * Every message about a list of IP rules (`ipWhitelist.1`, `trustedProxies.1`), one per line:
 * each wrong entry as "Line 4: …", the line of `text` it is on (blank lines and commas counted
 * as typed); the contract numbers entries, the owner sees lines.
 */
export function ruleListError(
  errors: Record<string, string>,
  field: string,
  text: string,
): string | undefined {
  const entries = parseRuleLines(text);
  const messages = Object.keys(errors)
    .filter((path) => path === field || path.startsWith(`${field}.`))
    .map((path) => {
      const entry = entries[Number(path.split('.')[1])];
      if (path === field || !entry) return errors[path];
      const named = `${labelOf(path)}: `;
      const problem = errors[path].startsWith(named) ? errors[path].slice(named.length) : errors[path];
      return lineMessage(entry.line, problem);
    });
  return messages.length > 0 ? messages.join('\n') : undefined;
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
      error={ruleListError(errors, 'ipWhitelist', value)}
    />
  );
}
