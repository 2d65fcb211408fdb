/** The fields quotes and invoices share, around their own date fields. */
import type { FieldSpec } from '../../components/object-fields.js';

type DocumentKey = 'quote' | 'invoice';

/** The fields both documents' create schemas have (a name only one of them has fails the typecheck). */
const HEAD: FieldSpec<DocumentKey>[] = [
  { name: 'clientId' },
  { name: 'projectId' },
  { name: 'currency', hint: 'Three letters, such as EUR; empty for the default.' },
];
const TAIL: FieldSpec<DocumentKey>[] = [{ name: 'items' }, { name: 'notes' }];

export const documentFields = <K extends DocumentKey>(...dates: FieldSpec<K>[]): FieldSpec<K>[] => [
  ...HEAD,
  ...dates,
  ...TAIL,
];
