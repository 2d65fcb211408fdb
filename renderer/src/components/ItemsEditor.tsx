/** The line items of a quote or invoice: description, quantity, unit price, tax rate. */
import { fieldError } from '../api/errors.js';
import { TextField } from './Field.js';
import { emptyItem, type ItemRow } from './object-fields.js';

const COLUMNS: { key: keyof ItemRow; label: string; inputMode?: 'decimal'; placeholder?: string }[] = [
  { key: 'description', label: 'Description' },
  { key: 'quantity', label: 'Quantity', inputMode: 'decimal' },
  // An amount as written (120.00, 120,50), read in the document's currency (object-fields.ts).
  { key: 'unitPrice', label: 'Unit price', inputMode: 'decimal', placeholder: '120.00' },
  { key: 'taxRate', label: 'Tax rate (%)', inputMode: 'decimal' },
];

export function ItemsEditor({
  rows,
  onChange,
  fields,
  disabled,
}: {
  rows: ItemRow[];
  onChange: (rows: ItemRow[]) => void;
  fields: Record<string, string>;
  disabled?: boolean;
}) {
  const update = (index: number, key: keyof ItemRow, value: string) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, [key]: value } : row)));
  const groupError = fields.items;
  return (
    <fieldset className="items" disabled={disabled}>
      <legend>Items</legend>
      {rows.map((row, index) => (
        <div className="item-row" key={index}>
          {COLUMNS.map((col) => {
            const error = fieldError(fields, `items.${index}.${col.key}`);
            return (
              <TextField
                key={col.key}
                label={`${col.label} ${index + 1}`}
                value={row[col.key]}
                inputMode={col.inputMode}
                placeholder={col.placeholder}
                error={error}
                onChange={(e) => update(index, col.key, e.currentTarget.value)}
              />
            );
          })}
          <button
            type="button"
            className="ghost"
            aria-label={`Remove item ${index + 1}`}
            disabled={rows.length === 1}
            onClick={() => onChange(rows.filter((_, i) => i !== index))}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rows, emptyItem()])}>
        Add item
      </button>
      {groupError ? (
        <span className="field-error" role="alert">
          {groupError}
        </span>
      ) : null}
    </fieldset>
  );
}
