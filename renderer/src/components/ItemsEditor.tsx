/**
 * The line items of a quote or invoice as a grid: one header row names the
 * columns (each input keeps its own accessible name, "Quantity of item 2"),
 * each row shows its line total, and below the grid net, tax per rate and the
 * grand total follow the typing. The sums are contract/line-totals.ts, the
 * same exact arithmetic the core stores; a line it cannot read yet (an empty
 * or unreadable amount) shows a dash and counts as nothing.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { lineTotals, type LineInput } from '../../../contract/line-totals.js';
import { AmountError, parseAmount } from '../../../contract/money.js';
import { fieldError } from '../api/errors.js';
import { currentLocale } from '../i18n/i18n.js';
import { formatMoney } from '../lib/format.js';
import { emptyItem, type ItemRow } from './form-values.js';

const INPUTS = ['description', 'quantity', 'unitPrice', 'taxRate'] as const;

/** A row as the core would price it, or undefined while it cannot be read (the same reading as object-fields.ts). */
export function readLine(row: ItemRow, currency: string): LineInput | undefined {
  const quantity = row.quantity.trim() === '' ? Number.NaN : Number(row.quantity);
  const taxRate = row.taxRate.trim() === '' ? 0 : Number(row.taxRate);
  if (!Number.isFinite(quantity) || !Number.isFinite(taxRate) || row.unitPrice.trim() === '')
    return undefined;
  try {
    return { quantity, unitPrice: parseAmount(row.unitPrice, currency, 'Unit price'), taxRate };
  } catch (error) {
    if (error instanceof AmountError || error instanceof RangeError) return undefined;
    throw error;
  }
}

/** Line totals and sums for the rows as typed; unreadable lines are undefined and count as nothing. */
export function totalsOf(rows: ItemRow[], currency: string) {
  const lines = rows.map((row) => readLine(row, currency));
  const readable = lines.filter((line): line is LineInput => line !== undefined);
  let totals;
  try {
    totals = lineTotals(readable);
  } catch {
    // An amount Intl or BigInt cannot take (a currency being typed): nothing to show yet.
    return { lines: rows.map(() => undefined), totals: lineTotals([]) };
  }
  let next = 0;
  return {
    lines: lines.map((line) => (line ? totals.lines[next++]!.amount : undefined)),
    totals,
  };
}

function Cell({
  column,
  index,
  row,
  fields,
  onChange,
  readOnly,
}: {
  column: (typeof INPUTS)[number];
  index: number;
  row: ItemRow;
  fields: Record<string, string>;
  onChange: (value: string) => void;
  readOnly?: boolean;
}) {
  const { t } = useTranslation('editor');
  const id = useId();
  const error = fieldError(fields, `items.${index}.${column}`);
  const numeric = column !== 'description';
  return (
    <td className={numeric ? 'num' : undefined}>
      <input
        value={row[column]}
        aria-label={t('items.cell', { column: t(`items.columns.${column}`), index: index + 1 })}
        inputMode={numeric ? 'decimal' : undefined}
        placeholder={column === 'unitPrice' ? t('items.unitPricePlaceholder') : undefined}
        readOnly={readOnly}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-err` : undefined}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
      {error ? (
        <span id={`${id}-err`} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </td>
  );
}

export function ItemsEditor({
  rows,
  onChange,
  fields,
  currency,
  readOnly,
}: {
  rows: ItemRow[];
  onChange: (rows: ItemRow[]) => void;
  fields: Record<string, string>;
  /** The document's currency, in which the unit prices are read and the sums shown. */
  currency: string;
  readOnly?: boolean;
}) {
  const { t } = useTranslation('editor');
  const update = (index: number, key: keyof ItemRow, value: string) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, [key]: value } : row)));
  const groupError = fields.items;
  const { lines, totals } = totalsOf(rows, currency);
  const money = (minor: bigint) => formatMoney(Number(minor), currency);
  const taxed = totals.taxByRate.filter((r) => r.rate !== 0);
  const percent = new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: 4 });
  const sums: { label: string; value: bigint; grand?: boolean }[] = [
    { label: t('totals.net'), value: totals.subtotal },
    ...(taxed.length === 0
      ? [{ label: t('totals.taxNone'), value: 0n }]
      : taxed.map((r) => ({ label: t('totals.tax', { rate: percent.format(r.rate) }), value: r.tax }))),
    { label: t('totals.total'), value: totals.total, grand: true },
  ];
  return (
    <fieldset className="items">
      <legend>{t('items.legend')}</legend>
      <div className="items-scroll">
        <table className="items-grid">
          <thead>
            <tr>
              {INPUTS.map((column) => (
                <th key={column} scope="col" className={column === 'description' ? undefined : 'num'}>
                  {t(`items.columns.${column}`)}
                </th>
              ))}
              <th scope="col" className="num">
                {t('items.columns.lineTotal')}
              </th>
              {readOnly ? null : <td aria-hidden="true" />}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={index} className="item-row">
                {INPUTS.map((column) => (
                  <Cell
                    key={column}
                    column={column}
                    index={index}
                    row={row}
                    fields={fields}
                    readOnly={readOnly}
                    onChange={(value) => update(index, column, value)}
                  />
                ))}
                <td className="num line-total" aria-label={t('items.lineTotalOf', { index: index + 1 })}>
                  <output>{lines[index] === undefined ? t('items.unreadable') : money(lines[index])}</output>
                </td>
                {readOnly ? null : (
                  <td>
                    <button
                      type="button"
                      className="ghost remove"
                      title={t('items.removeLabel', { index: index + 1 })}
                      aria-label={t('items.removeLabel', { index: index + 1 })}
                      disabled={rows.length === 1}
                      onClick={() => onChange(rows.filter((_, i) => i !== index))}
                    >
                      <span aria-hidden="true">×</span>
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {readOnly ? null : (
        <button type="button" onClick={() => onChange([...rows, emptyItem()])}>
          {t('items.add')}
        </button>
      )}
      {groupError ? (
        <span className="field-error" role="alert">
          {groupError}
        </span>
      ) : null}
      <dl className="totals" aria-label={t('totals.label')}>
        {sums.map((sum) => (
          <div key={sum.label} className={sum.grand ? 'grand' : undefined}>
            <dt>{sum.label}</dt>
            <dd>{money(sum.value)}</dd>
          </div>
        ))}
      </dl>
    </fieldset>
  );
}
