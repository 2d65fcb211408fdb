import { describe, expect, it } from 'vitest';
import { electronOnline, ONLINE_POLL_MS } from '../../main/electron/online.js';

/** Timers the test fires itself. */
function manualTimers() {
  const running = new Map<number, () => void>();
  let next = 0;
  return {
    every: (fn: () => void, ms: number) => {
      expect(ms).toBe(ONLINE_POLL_MS);
      running.set(++next, fn);
      return next;
    },
    stop: (handle: unknown) => void running.delete(handle as number),
    fire: () => [...running.values()].forEach((fn) => fn()),
    count: () => running.size,
  };
}

describe("the desktop's online state (Electron's net.isOnline)", () => {
  it('starts from net.isOnline(), tells each change once on the poll or a check, and stops on close', () => {
    let netOnline = true;
    const timers = manualTimers();
    const online = electronOnline({ isOnline: () => netOnline }, timers);
    const changes: boolean[] = [];
    online.onChange((value) => void changes.push(value));
    expect(online.isOnline()).toBe(true);
    timers.fire();
    expect(changes).toEqual([]);
    netOnline = false;
    timers.fire();
    timers.fire();
    expect(online.isOnline()).toBe(false);
    expect(changes).toEqual([false]);
    netOnline = true;
    online.check(); // resume from sleep re-reads at once
    expect(changes).toEqual([false, true]);
    online.close();
    expect(timers.count()).toBe(0);
  });
});
