/**
 * Checks an input against the operation's own zod schema before it is sent,
 * so a form shows the same field messages the contract would return, at once.
 * Rules only the core can check (URL policy, IP rules) still come back as 422.
 * `limitsOf` gives a form's inputs the limits that schema enforces.
 */
import { boundedParse } from '../../../contract/bounded-parse.js';
import { invalidInputMessage, validationDetails } from '../../../contract/field-issues.js';
import { fieldLimits, type FieldLimits } from '../../../contract/field-limits.js';
import { operations, type OperationName } from '../../../contract/operations.js';
import { ContractError } from './errors.js';

export function validateInput(name: OperationName, input: unknown): void {
  const result = boundedParse(operations[name].input, input ?? {});
  if (result.success) return;
  const { fields, more } = result.issues;
  throw new ContractError(
    422,
    'validation_failed',
    invalidInputMessage(fields, more),
    validationDetails(result.issues),
  );
}

/** The limits of one input field of an operation (`maxLength`, `min`, `max`), as the server checks them. */
export const limitsOf = (name: OperationName, field: string): FieldLimits =>
  fieldLimits(operations[name].input, field);
