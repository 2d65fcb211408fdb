/**
 * The REST-hook triggers' perform checks each delivery's Standard Webhooks
 * signature (generated/signature.js, a copy of contract/verify-signature.ts) against the secret kept in subscribeData:
 * signatures made here by the `standardwebhooks` library, the reference
 * implementation, not by the code under test.
 */
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { App, appTester, failureOf } from './dversum.js';

const perform = App.triggers.task_created.operation.perform;

const OLD_SECRET = `whsec_${Buffer.from('the old secret, 32 bytes long...').toString('base64')}`;
const NEW_SECRET = `whsec_${Buffer.from('the new secret, 32 bytes long...').toString('base64')}`;

const event = {
  id: 'evt_01',
  type: 'task.created',
  timestamp: '2026-12-06T12:00:00.000Z',
  data: { id: 'tsk_1', title: 'Call Anna back — Ä' },
};
const content = JSON.stringify(event);

/** One delivery as Zapier hands it to perform, signed with `secrets` at `at`. */
function delivery(secrets: string[], at = new Date(), body = content) {
  const id = 'msg_2b7c';
  const signature = secrets.map((secret) => new Webhook(secret).sign(id, at, content)).join(' ');
  return {
    rawRequest: {
      method: 'POST',
      content: body,
      headers: {
        'Content-Type': 'application/json',
        'Http-Webhook-Id': id,
        'Http-Webhook-Timestamp': String(Math.floor(at.getTime() / 1000)),
        'Http-Webhook-Signature': signature,
      },
    },
    cleanedRequest: JSON.parse(body) as unknown,
  };
}

const subscribed = (secret: string) => ({ subscribeData: { id: 'wh_1', secret } });

const refused = async (bundle: Record<string, unknown>) => failureOf(appTester(perform, bundle));

describe('perform verifies the Standard Webhooks signature', () => {
  it('a delivery signed with the subscription’s secret is the event', async () => {
    expect(await appTester(perform, { ...subscribed(NEW_SECRET), ...delivery([NEW_SECRET]) })).toEqual([
      event,
    ]);
  });

  it('during a rotation either signature may be the one this Zap knows', async () => {
    const both = delivery([NEW_SECRET, OLD_SECRET]);
    expect(await appTester(perform, { ...subscribed(OLD_SECRET), ...both })).toEqual([event]);
    expect(await appTester(perform, { ...subscribed(NEW_SECRET), ...both })).toEqual([event]);
  });

  it('headers as a Node server names them (lower case) are read too', async () => {
    const { rawRequest, cleanedRequest } = delivery([NEW_SECRET]);
    const headers = Object.fromEntries(
      Object.entries(rawRequest.headers).map(([k, v]) => [k.replace(/^Http-/, '').toLowerCase(), v]),
    );
    expect(
      await appTester(perform, {
        ...subscribed(NEW_SECRET),
        rawRequest: { ...rawRequest, headers },
        cleanedRequest,
      }),
    ).toEqual([event]);
  });

  it('another secret’s signature throws, so the Zap runs nothing', async () => {
    expect(await refused({ ...subscribed(NEW_SECRET), ...delivery([OLD_SECRET]) })).toMatchObject({
      code: 'InvalidSignature',
      status: 401,
      message: 'Refused a delivery that dVersum did not sign: no signature matches',
    });
  });

  it('a body changed after signing throws', async () => {
    const tampered = delivery([NEW_SECRET], new Date(), content.replace('Anna', 'Eve'));
    expect((await refused({ ...subscribed(NEW_SECRET), ...tampered })).message).toBe(
      'Refused a delivery that dVersum did not sign: no signature matches',
    );
  });

  it('a timestamp more than 5 minutes old (a replay) or ahead throws; 4 minutes is fine', async () => {
    const now = Date.now();
    const message =
      'Refused a delivery that dVersum did not sign: webhook-timestamp is more than 5 minutes away from now';
    const stale = delivery([NEW_SECRET], new Date(now - 6 * 60_000));
    expect(await refused({ ...subscribed(NEW_SECRET), ...stale })).toMatchObject({
      code: 'InvalidSignature',
      message,
    });
    const ahead = delivery([NEW_SECRET], new Date(now + 6 * 60_000));
    expect((await refused({ ...subscribed(NEW_SECRET), ...ahead })).message).toBe(message);
    const recent = delivery([NEW_SECRET], new Date(now - 4 * 60_000));
    expect(await appTester(perform, { ...subscribed(NEW_SECRET), ...recent })).toEqual([event]);
  });

  it('a delivery without the signature headers throws', async () => {
    const { cleanedRequest } = delivery([NEW_SECRET]);
    expect(
      (await refused({ ...subscribed(NEW_SECRET), rawRequest: { content, headers: {} }, cleanedRequest }))
        .message,
    ).toBe(
      'Refused a delivery that dVersum did not sign: missing webhook-id, webhook-timestamp or webhook-signature',
    );
  });

  it('a Zap whose subscription holds no secret cannot check, and says what to do', async () => {
    expect(await refused({ subscribeData: { id: 'wh_1' }, ...delivery([NEW_SECRET]) })).toMatchObject({
      code: 'NotSubscribed',
      message: 'This Zap holds no signing secret for its dVersum subscription: turn the Zap off and on again',
    });
  });
});
