/** The shapes of generated/api.ts: what the nodes know of dVersum's objects and events. */
/**
 * `amount`: money typed as a decimal amount ("120.00", "120,50"), sent in the
 * currency's minor units (generated/money.ts); `items`: rows of `children`;
 * `stringList`: a list of strings (a multi-value string parameter); `date`: a
 * calendar day (YYYY-MM-DD) and `dateTime`: an instant, both n8n date pickers.
 */
export type FieldType =
  'string' | 'stringList' | 'number' | 'boolean' | 'options' | 'date' | 'dateTime' | 'amount' | 'items';

/** One field of a create or update body. */
export interface FieldSpec {
  name: string;
  displayName: string;
  type: FieldType;
  description?: string;
  options?: string[];
  /** null clears it (an empty value in n8n sends null). */
  nullable: boolean;
  /** An `items` field's row fields. */
  children?: FieldSpec[];
  /** A row field the API requires. */
  required?: boolean;
}

/** `downloadPdf`: an invoice's or quote's PDF as n8n binary data. */
export type Operation = 'create' | 'update' | 'get' | 'getAll' | 'delete' | 'convert' | 'downloadPdf';

export interface ResourceSpec {
  /** The node's `resource` value: the resource table's key (`timeEntry`). */
  value: string;
  name: string;
  noun: string;
  plural: string;
  operations: Operation[];
  /** Each operation's path, `{id}` for the object id. */
  paths: Partial<Record<Operation, string>>;
  /** The permission each operation needs. */
  permissions: Partial<Record<Operation, string>>;
  createFields: { required: FieldSpec[]; optional: FieldSpec[] };
  updateFields: FieldSpec[];
}

export interface EventSpec {
  value: string;
  description: string;
  /** The read permission a key needs to receive it. */
  permission: string;
}
