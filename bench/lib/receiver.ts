/** The loopback receiver child (bench/children/receiver.ts), seen from the bench. */
import { request } from 'undici';
import { startChild, type BenchChild } from './child.js';

export interface Receiver {
  url: string;
  stats(withTimes?: boolean): Promise<{ posts: number; distinct: number; times?: Record<string, number> }>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const child: BenchChild<{ port: number }> = await startChild('children/receiver.ts');
  const base = `http://127.0.0.1:${child.info.port}`;
  return {
    url: `${base}/hook`,
    async stats(withTimes = false) {
      const res = await request(`${base}/stats${withTimes ? '?times=1' : ''}`);
      return (await res.body.json()) as { posts: number; distinct: number; times?: Record<string, number> };
    },
    async reset() {
      const res = await request(`${base}/reset`, { method: 'POST' });
      await res.body.dump();
    },
    stop: () => child.stop(),
  };
}
