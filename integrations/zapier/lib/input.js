// @ts-check
/**
 * An action's input as dVersum's JSON body. Zapier hands over what the user
 * typed or mapped, often as text ("90", "true", "" for a field left empty);
 * each field is converted to its catalog type so a create carries `minutes: 90`
 * and not `"90"`. What does not convert is passed as it came, and dVersum's
 * 422 names the field. An amount (`unitPrice`, the catalog's `amountFields`) is
 * what the user typed ("120.00", "120,50") and is sent in the currency's minor
 * units by `inMinorUnits`, the one rule of generated/money.js (contract/money.ts).
 */
'use strict';

const { parseAmount } = require('../generated/money');

/** @typedef {{ key: string, label?: string, type?: string, children?: Field[] }} Field */

const TRUE = new Set(['true', 'yes', '1', 'on']);
const FALSE = new Set(['false', 'no', '0', 'off']);

/** @param {unknown} value @param {string | undefined} type */
function convert(value, type) {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (type === 'integer' || type === 'number') {
    const number = Number(text);
    return text !== '' && Number.isFinite(number) ? number : value;
  }
  if (type === 'boolean') {
    const word = text.toLowerCase();
    if (TRUE.has(word)) return true;
    if (FALSE.has(word)) return false;
  }
  return value;
}

/** "2026-03-01T00:00:00+01:00" → "2026-03-01"; anything else as it came (dVersum's 422 names the field). */
const dayOf = (/** @type {unknown} */ value) =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value.trim()) ? value.trim().slice(0, 10) : value;

const isEmpty = (/** @type {unknown} */ value) => value === undefined || value === null || value === '';

/**
 * The body for these fields: empty ones left out (dVersum applies its defaults),
 * line items (`children`) converted row by row. A calendar-day field
 * (`dateFields`, asked for with Zapier's datetime picker, which hands over an
 * instant such as "2026-03-01T00:00:00+01:00") sends its day, "2026-03-01".
 * @param {readonly Field[]} fields
 * @param {Record<string, unknown>} input
 * @param {readonly string[]} [dateFields]
 * @returns {Record<string, unknown>}
 */
function bodyOf(fields, input, dateFields = []) {
  /** @type {Record<string, unknown>} */
  const body = {};
  for (const field of fields) {
    const value = input[field.key];
    if (isEmpty(value)) continue;
    const children = field.children;
    body[field.key] =
      children && Array.isArray(value)
        ? value.map((row) => bodyOf(children, /** @type {Record<string, unknown>} */ (row)))
        : dateFields.includes(field.key)
          ? dayOf(value)
          : convert(value, field.type);
  }
  return body;
}

/** @param {unknown} row @returns {row is Record<string, unknown>} */
const isRow = (row) => typeof row === 'object' && row !== null && !Array.isArray(row);

/**
 * Whether the body holds an amount to convert (then its currency must be known).
 * @param {readonly Field[]} fields @param {Record<string, unknown>} body @param {readonly string[]} amountFields
 * @returns {boolean}
 */
function hasAmounts(fields, body, amountFields) {
  return fields.some((field) => {
    const value = body[field.key];
    if (amountFields.includes(field.key)) return !isEmpty(value);
    const children = field.children;
    return (
      Boolean(children) &&
      Array.isArray(value) &&
      value.some((row) => isRow(row) && hasAmounts(children ?? [], row, amountFields))
    );
  });
}

/**
 * The body with its amounts in minor units of `currency`; one that does not
 * read throws AmountError naming it ("Line items 2, Unit price: …").
 * @param {readonly Field[]} fields
 * @param {Record<string, unknown>} body
 * @param {string} currency
 * @param {readonly string[]} amountFields
 * @param {string} [where]
 * @returns {Record<string, unknown>}
 */
function inMinorUnits(fields, body, currency, amountFields, where = '') {
  /** @type {Record<string, unknown>} */
  const out = { ...body };
  for (const field of fields) {
    const value = body[field.key];
    if (isEmpty(value)) continue;
    const label = field.label ?? field.key;
    if (amountFields.includes(field.key)) out[field.key] = parseAmount(value, currency, `${where}${label}`);
    const children = field.children;
    if (children && Array.isArray(value)) {
      out[field.key] = value.map((row, i) =>
        isRow(row) ? inMinorUnits(children, row, currency, amountFields, `${label} ${i + 1}, `) : row,
      );
    }
  }
  return out;
}

module.exports = { bodyOf, hasAmounts, inMinorUnits };
