import { describe, expect, it } from 'vitest';
import type { SendResult } from '../../../main/core/dispatcher/http-sender.js';
import { looksOffline, signalOf } from '../../../main/core/dispatcher/network-detector.js';
import { NetworkWatch, PROBE_INTERVAL_MS } from '../../../main/core/dispatcher/online.js';

const result = (statusCode: number | null, error: string | null = null): SendResult => ({
  statusCode,
  body: null,
  error,
  retryAfter: null,
  location: null,
  durationMs: 5,
});
const noRoute = result(null, 'ENETUNREACH: connect ENETUNREACH 203.0.113.9:443');
const dnsDown = result(null, 'getaddrinfo EAI_AGAIN hooks.zapier.com');
const noName = result(null, 'getaddrinfo ENOTFOUND hooks.zapier.com');

describe('what one send says about the network', () => {
  it('an HTTP answer, a refused or reset connection: reached; no route, DNS not answering: unreachable', () => {
    expect(signalOf(result(500), false)).toBe('reached');
    expect(signalOf(result(null, 'ECONNREFUSED: connect ECONNREFUSED 10.0.0.5:5678'), false)).toBe('reached');
    expect(signalOf(noRoute, false)).toBe('unreachable');
    expect(signalOf(result(null, 'EHOSTUNREACH: connect EHOSTUNREACH 10.0.0.9:80'), false)).toBe(
      'unreachable',
    );
    expect(signalOf(dnsDown, false)).toBe('unreachable');
  });

  it('a name not found is the network only when it resolved before; a timeout says nothing', () => {
    expect(signalOf(noName, false)).toBe('unknown');
    expect(signalOf(noName, true)).toBe('unreachable');
    expect(signalOf(result(null, 'timed out after 10000 ms'), true)).toBe('unknown');
  });
});

describe('looksOffline', () => {
  const at = 1_000_000;
  it('offline only when the latest send to every host tried within the window failed at the network level', () => {
    expect(looksOffline([], at)).toBe(false);
    expect(looksOffline([{ host: 'a', at, signal: 'unreachable' }], at)).toBe(true);
    expect(
      looksOffline(
        [
          { host: 'a', at, signal: 'unreachable' },
          { host: 'b', at: at - 10, signal: 'reached' },
        ],
        at,
      ),
    ).toBe(false);
    // b answered, then failed too: every host failed.
    expect(
      looksOffline(
        [
          { host: 'a', at, signal: 'unreachable' },
          { host: 'b', at: at - 10, signal: 'reached' },
          { host: 'b', at: at - 5, signal: 'unreachable' },
        ],
        at,
      ),
    ).toBe(true);
    // An answer older than the window is forgotten; so is a failure.
    expect(looksOffline([{ host: 'a', at: at - 60_001, signal: 'unreachable' }], at)).toBe(false);
  });
});

describe('NetworkWatch (headless)', () => {
  it('goes offline when every host fails at the network level, back on the first answer, telling each change once', () => {
    const watch = new NetworkWatch();
    const changes: boolean[] = [];
    watch.onChange((online) => void changes.push(online));
    watch.observe('https://hooks.zapier.com/a', result(200), 0);
    watch.observe('https://n8n.example.com/b', result(500), 10);
    watch.observe('https://hooks.zapier.com/a', noName, 20); // resolved before: the network
    expect(watch.isOnline()).toBe(true); // n8n.example.com still answered
    watch.observe('https://n8n.example.com/b', noRoute, 30);
    expect(watch.isOnline()).toBe(false);
    watch.observe('https://n8n.example.com/b', noRoute, 40);
    expect(changes).toEqual([false]);

    // While offline, one probe per interval.
    expect(watch.takeProbe(50)).toBe(true);
    expect(watch.takeProbe(51)).toBe(false);
    expect(watch.takeProbe(50 + PROBE_INTERVAL_MS)).toBe(true);
    watch.observe('https://hooks.zapier.com/a', result(200), 60 + PROBE_INTERVAL_MS);
    expect(watch.isOnline()).toBe(true);
    expect(changes).toEqual([false, true]);
    expect(watch.takeProbe(100 + 2 * PROBE_INTERVAL_MS)).toBe(false); // online: no probes needed
  });

  it('a name that never resolved is no sign of the network', () => {
    const watch = new NetworkWatch();
    watch.observe('https://typo.example.com/a', noName, 0);
    expect(watch.isOnline()).toBe(true);
  });
});
