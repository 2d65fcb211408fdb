/**
 * Texts the server writes and the window shows as they are: why sending is paused (a restore),
 * why a webhook was disabled, why a delivery waits, why an incoming call was refused. The API
 * keeps the English text; beside it each carries a stable `code` and its `params`, so the window
 * says it in the owner's language (an unknown code: the window shows the English text).
 *
 * The texts are stored as written (a webhook's disabled_reason, the incoming log's reason, the
 * pause's reason), so the code is read back from the text by the template that wrote it:
 * `reasonOf`. Each template's writer is tested against it (test/contract/reasons.test.ts), so a
 * reworded text that loses its code fails there. A text that matches none (one cut at 200
 * characters, a 422's field messages, an older version's) has no code.
 */
import { z } from 'zod';

/** Every code the server gives a reason, with what its params hold. */
export const REASON_CODES = [
  /** Sending paused after a restore. params: file, takenAt? (ISO). */
  'restore_paused',
  /** A REST-hook subscription disabled because its key was revoked. */
  'key_revoked',
  /** A REST-hook subscription disabled because its key is disabled. */
  'key_disabled',
  /** Disabled after the receiver answered 410 Gone. params: at (ISO), deliveryId. */
  'receiver_gone',
  /** Disabled after failing for days. params: since (ISO), days, lastError. */
  'failing_disabled',
  /** An ordered webhook's delivery behind an earlier one. */
  'waiting_earlier',
  /** A delivery held while the network is away. */
  'waiting_network',
  /** An incoming call without the Authorization header. */
  'call_key_missing',
  /** An incoming call with a key that names no key. */
  'call_key_unknown',
  /** An incoming call with a key replaced by a rotation. params: date (YYYY-MM-DD). */
  'call_key_replaced',
  /** An incoming call with a revoked key. */
  'call_key_revoked',
  /** An incoming call with a disabled key. */
  'call_key_disabled',
  /** An incoming call from an address not on the key's IP whitelist. params: ip. */
  'call_ip_not_allowed',
  /** An incoming call its key has no permission for. params: permission (its id). */
  'call_permission_missing',
  /** Refused by the per-key minute limit. params: max, wait. */
  'call_rate_minute',
  /** Refused by the per-key daily limit. params: max, wait. */
  'call_rate_key_day',
  /** Refused by the daily limit of all keys. params: max, wait. */
  'call_rate_day',
  /** The summary of refused calls not logged one by one. params: count, limit, from? (ISO), to (ISO). */
  'calls_not_logged',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export type ReasonParams = Record<string, string>;
export interface CodedReason {
  code: ReasonCode;
  params: ReasonParams;
}

const codeList = REASON_CODES.join(', ');
/** The `…Code` field beside a reason text, as the API documents it. */
export const reasonCode = z
  .string()
  .describe(
    `A stable code for the reason text beside it, for showing it in another language (one of ${codeList}); ` +
      'null when the text has none. The text stays the English to show when the code is unknown.',
  );
/** The `…Params` field: the values the code's text names (times as ISO, numbers as digits). */
export const reasonParams = z
  .record(z.string(), z.string())
  .describe('The values the reason names, by name (times as ISO 8601): what a translation fills in');

const ISO = String.raw`\d{4}-\d{2}-\d{2}T[\d:.]+Z`;

/** Each code's template: what the server writes, with the params as named groups. */
const TEMPLATES: readonly [ReasonCode, RegExp][] = [
  [
    'restore_paused',
    new RegExp(
      String.raw`^Paused after restoring a backup: (?<file>.+?)(?: \(taken (?<takenAt>${ISO})\))?\. ` +
        String.raw`Deliveries that were pending in it are held until you resume sending\.$`,
    ),
  ],
  ['key_revoked', /^key revoked$/],
  ['key_disabled', /^key disabled$/],
  [
    'receiver_gone',
    new RegExp(
      String.raw`^The receiver answered 410 Gone on (?<at>${ISO}) \(delivery (?<deliveryId>[^)\s]+)\): it no longer wants these events$`,
    ),
  ],
  [
    'failing_disabled',
    new RegExp(
      String.raw`^failing since (?<since>${ISO}): every delivery failed for (?<days>\d+) days? \(last error: (?<lastError>[\s\S]*)\)$`,
    ),
  ],
  ['waiting_earlier', /^waiting for an earlier event$/],
  ['waiting_network', /^waiting for the network$/],
  ['call_key_missing', /^Missing API key: /],
  ['call_key_unknown', /^Unknown API key: /],
  ['call_key_replaced', /^This key was replaced on (?<date>\d{4}-\d{2}-\d{2}) when it was rotated\. /],
  ['call_key_revoked', /^This API key was revoked: /],
  ['call_key_disabled', /^This API key is disabled: /],
  ['call_ip_not_allowed', /^IP address (?<ip>\S+) is not on this API key's IP whitelist$/],
  ['call_permission_missing', /^This key may not .+ \((?<permission>[a-z][a-zA-Z]*:[a-z]+)\)$/],
  [
    'call_rate_minute',
    /^This key made (?<max>[\d,]+) calls? in the last minute \(the limit per key\)\. Try again in (?<wait>[^.]+)\.$/,
  ],
  [
    'call_rate_key_day',
    /^This key used its (?<max>[\d,]+) calls? for the last 24 hours \(the limit per key per day\)\. Try again in (?<wait>[^.]+)\.$/,
  ],
  [
    'call_rate_day',
    /^All keys together used the (?<max>[\d,]+) calls? for the last 24 hours \(the limit for all keys\)\. Try again in (?<wait>[^.]+)\.$/,
  ],
  [
    'calls_not_logged',
    new RegExp(
      String.raw`^(?<count>\d+) more refused calls? from this address (?:was|were) not logged one by one ` +
        String.raw`\(at most (?<limit>\d+) a minute are\), (?:at (?<at>${ISO})|from (?<from>${ISO}) to (?<to>${ISO}))$`,
    ),
  ],
];

/** The code and params of a text the server wrote; null for a text that has none. */
export function reasonOf(text: string | null | undefined): CodedReason | null {
  if (!text) return null;
  for (const [code, pattern] of TEMPLATES) {
    const match = pattern.exec(text);
    if (!match) continue;
    const params: ReasonParams = {};
    for (const [name, value] of Object.entries(match.groups ?? {})) {
      if (value !== undefined) params[name === 'at' && code === 'calls_not_logged' ? 'to' : name] = value;
    }
    if (params.max !== undefined) params.max = params.max.replace(/,/g, '');
    return { code, params };
  }
  return null;
}

/** The `<field>Code` and `<field>Params` of a reason text, as the API shows them beside it. */
export function codedFields<F extends string>(
  field: F,
  text: string | null | undefined,
): Record<`${F}Code`, ReasonCode | null> & Record<`${F}Params`, ReasonParams> {
  const coded = reasonOf(text);
  return { [`${field}Code`]: coded?.code ?? null, [`${field}Params`]: coded?.params ?? {} } as Record<
    `${F}Code`,
    ReasonCode | null
  > &
    Record<`${F}Params`, ReasonParams>;
}
