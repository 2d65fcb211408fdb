// @ts-check
/**
 * An action's input as dVersum's JSON body. Zapier hands over what the user
 * typed or mapped, often as text ("90", "true", "" for a field left empty);
 * each field is converted to its catalog type so a create carries `minutes: 90`
 * and not `"90"`. What does not convert is passed as it came, and dVersum's
 * 422 names the field.
 */
'use strict';

/** @typedef {{ key: string, type?: string, children?: Field[] }} Field */

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

const isEmpty = (/** @type {unknown} */ value) => value === undefined || value === null || value === '';

/**
 * The body for these fields: empty ones left out (dVersum applies its defaults),
 * line items (`children`) converted row by row.
 * @param {readonly Field[]} fields
 * @param {Record<string, unknown>} input
 * @returns {Record<string, unknown>}
 */
function bodyOf(fields, input) {
  /** @type {Record<string, unknown>} */
  const body = {};
  for (const field of fields) {
    const value = input[field.key];
    if (isEmpty(value)) continue;
    const children = field.children;
    body[field.key] =
      children && Array.isArray(value)
        ? value.map((row) => bodyOf(children, /** @type {Record<string, unknown>} */ (row)))
        : convert(value, field.type);
  }
  return body;
}

module.exports = { bodyOf };
