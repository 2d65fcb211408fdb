/** The fields quotes and invoices share, around their own date fields. */
import type { FieldSpec } from '../../components/object-fields.js';

export function documentFields(...dates: FieldSpec[]): FieldSpec[] {
  return [
    { name: 'clientId', label: 'Client', kind: 'select', from: 'clients', empty: 'omit' },
    { name: 'projectId', label: 'Project', kind: 'select', from: 'projects' },
    {
      name: 'currency',
      label: 'Currency',
      kind: 'text',
      empty: 'omit',
      hint: 'Three letters, such as EUR; empty for the default.',
    },
    ...dates,
    { name: 'items', label: 'Items', kind: 'items' },
    { name: 'notes', label: 'Notes', kind: 'textarea' },
  ];
}
