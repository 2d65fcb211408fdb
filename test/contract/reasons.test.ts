/**
 * contract/reasons.ts: every reason text the server writes and the window shows carries its
 * stable code and params. The texts come from their real writers (and, for the incoming log,
 * from real refused calls over HTTP), so a reworded text that loses its code fails here.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { KEY_DISABLED, KEY_REVOKED } from '../../contract/integrations.js';
import { codedFields, REASON_CODES, reasonOf, type ReasonCode } from '../../contract/reasons.js';
import { keyRefusal } from '../../main/core/access/api-keys.js';
import { summaryReason } from '../../main/core/access/refused-calls.js';
import { pausedReason } from '../../main/core/backup/backups-service.js';
import { classify } from '../../main/core/dispatcher/attempt.js';
import { failingReason } from '../../main/core/dispatcher/failing.js';
import { WAITING_FOR_EARLIER, WAITING_FOR_NETWORK } from '../../main/core/dispatcher/waiting.js';
import { createHarness, INCOMING, type Harness } from '../support/server.js';

const AT = Date.UTC(2026, 11, 2, 3, 4, 5, 678);
const ISO = '2026-12-02T03:04:05.678Z';

/** The codes the tests below saw, to check at the end that each code was written by someone. */
const seen = new Set<ReasonCode>();
const expectCoded = (
  text: string | null | undefined,
  code: ReasonCode,
  params: Record<string, string> = {},
) => {
  expect(reasonOf(text), String(text)).toEqual({ code, params });
  seen.add(code);
};

describe('reason codes of the texts the core writes', () => {
  it('the pause after a restore names the backup and when it was taken', () => {
    expectCoded(pausedReason('/backups/dversum-20261202-030405-daily.db'), 'restore_paused', {
      file: 'dversum-20261202-030405-daily.db',
      takenAt: '2026-12-02T03:04:05.000Z',
    });
    // A file restored by its path, whose name says nothing of its time.
    expectCoded(pausedReason('/tmp/my copy.db'), 'restore_paused', { file: 'my copy.db' });
  });

  it('a webhook disabled with its key, by a 410 Gone, or after failing for days', () => {
    expectCoded(KEY_REVOKED, 'key_revoked');
    expectCoded(KEY_DISABLED, 'key_disabled');
    const gone = classify({
      delivery: { id: 'dlv_01ABC', webhookId: 'wh_1', attempt: 0 },
      startedAt: AT - 5,
      finishedAt: AT,
      requestHeaders: {},
      schedule: [60],
      result: { statusCode: 410, body: null, error: null, retryAfter: null, location: null, durationMs: 5 },
    }).verdict;
    expect(gone.kind).toBe('gone');
    expectCoded(gone.kind === 'gone' ? gone.reason : null, 'receiver_gone', {
      at: ISO,
      deliveryId: 'dlv_01ABC',
    });
    expectCoded(failingReason(AT, 5, 'HTTP 500 (Internal Server Error)'), 'failing_disabled', {
      since: ISO,
      days: '5',
      lastError: 'HTTP 500 (Internal Server Error)',
    });
    expectCoded(failingReason(AT, 1, null), 'failing_disabled', {
      since: ISO,
      days: '1',
      lastError: 'unknown',
    });
  });

  it('a waiting delivery: behind an earlier event, or held for the network', () => {
    expectCoded(WAITING_FOR_EARLIER, 'waiting_earlier');
    expectCoded(WAITING_FOR_NETWORK, 'waiting_network');
  });

  it('a refused key, each way it can be refused', () => {
    const key = { id: 'key_1' } as never;
    expectCoded(keyRefusal({ ok: false, reason: 'unknown' }).message, 'call_key_unknown');
    expectCoded(keyRefusal({ ok: false, reason: 'revoked', key }).message, 'call_key_revoked');
    expectCoded(keyRefusal({ ok: false, reason: 'disabled', key }).message, 'call_key_disabled');
    expectCoded(
      keyRefusal({ ok: false, reason: 'replaced', key, replacedAt: AT }).message,
      'call_key_replaced',
      {
        date: '2026-12-02',
      },
    );
  });

  it('the summary of refused calls not logged one by one, for one call and for many', () => {
    expectCoded(summaryReason(1, 60, AT, AT), 'calls_not_logged', { count: '1', limit: '60', to: ISO });
    expectCoded(summaryReason(140, 60, AT - 1000, AT), 'calls_not_logged', {
      count: '140',
      limit: '60',
      from: '2026-12-02T03:04:04.678Z',
      to: ISO,
    });
  });

  it('a text no template wrote has no code, and the API fields say so', () => {
    expect(reasonOf('Title is required')).toBeNull();
    expect(reasonOf(null)).toBeNull();
    expect(
      reasonOf(`failing since ${ISO}: every delivery failed for 5 days (last error: ${'x'.repeat(150)}…`),
    ).toBeNull();
    expect(codedFields('disabledReason', null)).toEqual({
      disabledReasonCode: null,
      disabledReasonParams: {},
    });
    expect(codedFields('reason', KEY_REVOKED)).toEqual({ reasonCode: 'key_revoked', reasonParams: {} });
  });
});

describe('reason codes in the API', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('the incoming log gives every refusal of the key gate its code and params', async () => {
    h = await createHarness();
    const task = { method: 'POST' as const, url: `${INCOMING}/tasks`, payload: { title: 'x' } };
    const at = () => h.clock.advance(1);
    const read = h.key(['tasks:read']);
    const limited = h.core.keys.create({ name: 'limited', permissions: ['tasks:write'] });
    const fenced = h.key(['tasks:write'], ['10.0.0.0/8']);
    const revoked = h.core.keys.create({ name: 'revoked', permissions: ['tasks:write'] });
    h.core.keys.revoke(revoked.id);
    const disabled = h.core.keys.create({ name: 'disabled', permissions: ['tasks:write'] });
    h.core.keys.update({ id: disabled.id, enabled: false });
    const rotated = h.core.keys.create({ name: 'rotated', permissions: ['tasks:write'] });
    h.core.keys.rotate(rotated.id);
    h.core.settings.update({ rateLimits: { incomingPerMinute: 1 } });

    const calls: [string | undefined, Record<string, unknown>][] = [
      [undefined, {}],
      ['ik_live_' + 'x'.repeat(40), {}],
      [revoked.key, {}],
      [disabled.key, {}],
      [rotated.key, {}],
      [fenced, { remoteAddress: '192.168.0.9' }],
      [read, {}],
      [limited.key, {}],
      [limited.key, {}],
    ];
    for (const [key, extra] of calls) {
      await h.call(key, { ...task, ...extra });
      at();
    }
    const res = await h.admin('incomingLog.list', {});
    const items = (res.json() as { items: Record<string, unknown>[] }).items.reverse();
    const coded = items.map((i) => [i.reasonCode, i.reasonParams]);
    expect(coded).toEqual([
      ['call_key_missing', {}],
      ['call_key_unknown', {}],
      ['call_key_revoked', {}],
      ['call_key_disabled', {}],
      ['call_key_replaced', { date: new Date(h.clock.now()).toISOString().slice(0, 10) }],
      ['call_ip_not_allowed', { ip: '192.168.0.9' }],
      ['call_permission_missing', { permission: 'tasks:write' }],
      [null, {}],
      ['call_rate_minute', { max: '1', wait: expect.stringMatching(/^\d+ (s|min)$/) as unknown as string }],
    ]);
    for (const [code] of coded) if (code) seen.add(code as ReasonCode);
    expect(items[7]).toMatchObject({ status: 201, reason: null });
  });

  it('the per-key and all-keys daily limits have codes of their own', async () => {
    h = await createHarness();
    h.core.settings.update({ rateLimits: { apiCallsPerDay: 2, apiCallsPerKeyPerDay: 1 } });
    const one = h.key(['tasks:write']);
    const two = h.key(['tasks:write']);
    const task = { method: 'POST' as const, url: `${INCOMING}/tasks`, payload: { title: 'x' } };
    for (const key of [one, one, two, two]) {
      await h.call(key, task);
      h.clock.advance(1);
    }
    const third = h.key(['tasks:write']);
    await h.call(third, task);
    const res = await h.admin('incomingLog.list', { rejectedOnly: true });
    const items = (res.json() as { items: Record<string, unknown>[] }).items.reverse();
    expect(items.map((i) => i.reasonCode)).toEqual([
      'call_rate_key_day',
      'call_rate_key_day',
      'call_rate_day',
    ]);
    expect(items[0].reasonParams).toEqual({ max: '1', wait: expect.stringMatching(/h|min/) });
    expect(items[2].reasonParams).toEqual({ max: '2', wait: expect.stringMatching(/h|min/) });
    seen.add('call_rate_key_day');
    seen.add('call_rate_day');
  });

  it('a webhook disabled with its key shows the code beside the text; the owner’s own disable has none', async () => {
    h = await createHarness();
    const hook = h.core.webhooks.create({ name: 'Orders', url: 'https://example.com/h', events: ['*'] });
    const off = h.core.webhooks.setEnabled(hook.id, false);
    expect(off).toMatchObject({ disabledReason: null, disabledReasonCode: null, disabledReasonParams: {} });
    const keyed = h.core.webhooks.setEnabled(hook.id, false, KEY_DISABLED);
    expect(keyed).toMatchObject({
      disabledReason: 'key disabled',
      disabledReasonCode: 'key_disabled',
      disabledReasonParams: {},
    });
    const listed = await h.admin('webhooks.list', {});
    expect((listed.json() as { items: Record<string, unknown>[] }).items[0].disabledReasonCode).toBe(
      'key_disabled',
    );
  });

  it('every code is written by a writer tested above', () => {
    expect([...seen].sort()).toEqual([...REASON_CODES].sort());
  });
});
