/**
 * Checks an input against the operation's own zod schema before it is sent,
 * so a form shows the same field messages the contract would return, at once.
 * Rules only the core can check (URL policy, IP rules) still come back as 422.
 */
import { fieldIssues, invalidInputMessage } from '../../../contract/field-issues.js';
import { operations, type OperationName } from '../../../contract/operations.js';
import { ContractError } from './errors.js';

export function validateInput(name: OperationName, input: unknown): void {
  const result = operations[name].input.safeParse(input ?? {});
  if (result.success) return;
  const fields = fieldIssues(result.error);
  throw new ContractError(422, 'validation_failed', invalidInputMessage(fields), { fields });
}
