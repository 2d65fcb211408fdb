/** The fields quotes and invoices share, around their own date fields. */
import type { FieldSpec } from '../../components/object-fields.js';

export function documentFields(...dates: FieldSpec[]): FieldSpec[] {
  return [
    { name: 'clientId', kind: 'select', from: 'clients', empty: 'omit' },
    { name: 'projectId', kind: 'select', from: 'projects' },
    {
      name: 'currency',
      kind: 'text',
      empty: 'omit',
      hint: 'Three letters, such as EUR; empty for the default.',
    },
    ...dates,
    { name: 'items', kind: 'items' },
    { name: 'notes', kind: 'textarea' },
  ];
}
