/**
 * How an outbox row keeps its event (migration 0009). The body every attempt sends is the envelope
 * `{"id":…,"type":…,"timestamp":…,"data":…}`; `id`, `type` and `created_at` are columns already, so
 * only `data` is kept and the envelope is rebuilt when read, byte for byte what `JSON.stringify` of
 * the whole event gave (the signature covers the body: a redelivery must send the same bytes).
 *
 * `payload_form` says what the row holds:
 * - 0: `payload` is the whole body as sent (rows written otherwise, or whose envelope the
 *   migration could not prove it rebuilds exactly);
 * - 1: `payload` is the `data` JSON;
 * - 2: `packed` is the `data` JSON deflated (raw deflate with DICTIONARY_2 as preset dictionary),
 *   `payload` is empty. Written only when it is smaller.
 *
 * The dictionary is frozen: a row packed with it can only be read with it. A better one is a new
 * form number beside this one, never an edit (test/core/store/event-data.test.ts pins its hash).
 */
import { toIso } from '../clock.js';
import { KeptRawZlib } from './kept-zlib.js';

export const FORM_WHOLE = 0;
export const FORM_DATA = 1;
export const FORM_PACKED = 2;
export type PayloadForm = typeof FORM_WHOLE | typeof FORM_DATA | typeof FORM_PACKED;

/**
 * The contract's `data` shapes with their values left out (from the sample events of
 * contract/event-catalog.ts, 2026-12-07), the most frequent last: deflate reaches the end of
 * a dictionary with the shortest distances.
 */
export const DICTIONARY_2 = Buffer.from(
  '{"id":"inv_01","number":null,"clientId":"cli_01","projectId":"prj_01","quoteId":"quo_01","currency":"EUR",' +
    '"status":"draft","issueDate":null,"dueDate":null,"items":[{"description":"","quantity":1,"unitPrice":0,' +
    '"taxRate":19,"amount":0}],"subtotal":0,"taxTotal":0,"total":0,"notes":"","sentAt":null,"paidAt":null,' +
    '"voidedAt":null,"createdAt":"","updatedAt":"","documentUrl":""}' +
    '{"id":"quo_01","number":"","clientId":"cli_01","projectId":"prj_01","currency":"EUR","status":"sent",' +
    '"validUntil":"","items":[],"decidedAt":null}' +
    '{"message":"","webhookId":"whk_01","webhookName":"","sentAt":""}' +
    '{"webhookId":"whk_01","name":"","url":"https://","failingSince":"","deliveryId":"dlv_01","eventId":"evt_01",' +
    '"reasonCode":"","reason":"","attemptsFailed":0,"lastError":""}' +
    '{"id":"tim_01","projectId":"prj_01","taskId":"tsk_01","description":"","startedAt":"","endedAt":"",' +
    '"minutes":0,"billable":true,"createdAt":"","updatedAt":""}' +
    '{"id":"cli_01","name":"","email":"","phone":"","company":"","address":"","notes":"","createdAt":"","updatedAt":""}' +
    '{"id":"prj_01","name":"","clientId":"cli_01","status":"active","description":"","createdAt":"","updatedAt":""}' +
    '{"id":"tsk_01","title":"","description":"","status":"done","dueDate":null,"projectId":null,' +
    '"completedAt":null,"createdAt":"","updatedAt":""}' +
    '{"id":"tsk_01","title":"","description":"","status":"open","dueDate":"","projectId":"prj_01",' +
    '"completedAt":null,"createdAt":"20',
  'utf8',
);

/** One kept deflater and inflater for DICTIONARY_2: same bytes as the one-shot calls, without their set-up. */
const zlib2 = new KeptRawZlib(DICTIONARY_2);

/** Below this many bytes deflate's own framing leaves too little to win: stored as it is. */
const PACK_FROM = 48;

export interface StoredData {
  payload: string;
  packed: Buffer | null;
  form: PayloadForm;
}

/** What to store for an event whose `data` serializes to `dataJson`. */
export function storeData(dataJson: string): StoredData {
  if (dataJson.length >= PACK_FROM) {
    const packed = zlib2.deflate(dataJson);
    if (packed.length < Buffer.byteLength(dataJson)) return { payload: '', packed, form: FORM_PACKED };
  }
  return { payload: dataJson, packed: null, form: FORM_DATA };
}

/** An outbox row's columns that make its body. */
export interface StoredEvent {
  id: string;
  type: string;
  createdAt: number;
  payload: string;
  packed: Buffer | Uint8Array | null;
  form: number;
}

/** The event's body, exactly as it was first sent. */
export function eventBody(row: StoredEvent): string {
  if (row.form === FORM_WHOLE) return row.payload;
  let data: string;
  if (row.form === FORM_DATA) data = row.payload;
  else if (row.form === FORM_PACKED && row.packed) {
    data = zlib2.inflate(row.packed);
  } else throw new Error(`outbox row ${row.id}: unknown payload form ${row.form}`);
  return envelope(row.id, row.type, row.createdAt, data);
}

/** `JSON.stringify({ id, type, timestamp, data })` for data already serialized. */
export function envelope(id: string, type: string, createdAt: number, dataJson: string): string {
  return `{"id":${JSON.stringify(id)},"type":${JSON.stringify(type)},"timestamp":"${toIso(createdAt)}","data":${dataJson}}`;
}
