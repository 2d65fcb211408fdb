/**
 * `npm run bench`: every measurement beside its baseline from the same run,
 * then each goal as met or missed. `npm run bench -- incoming log` runs only
 * those; `--record` appends the run, with its machine, to docs/performance.md.
 */
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeMachine, goal, renderSections, type Section } from './lib/report.js';
import { prepareLogDatabase } from './lib/log-database.js';

type Bench = () => Promise<Section | Section[]>;

// Each module is loaded only when its bench runs.
const BENCHES: Record<string, { title: string; named?: boolean; run: Bench }> = {
  incoming: { title: 'Incoming webhooks', run: async () => (await import('./incoming.js')).benchIncoming() },
  dispatcher: { title: 'Dispatcher', run: async () => (await import('./dispatcher.js')).benchDispatcher() },
  log: {
    title: 'The log with 1,000,000 deliveries',
    run: async () => (await import('./log.js')).benchLog(await prepareLogDatabase()),
  },
  headless: {
    title: 'Headless start with 1,000,000 log rows',
    run: async () => (await import('./headless-start.js')).benchHeadlessStart(await prepareLogDatabase()),
  },
  idle: {
    title: 'Idle',
    run: async () => (await import('./idle.js')).benchIdle(),
  },
  bytes: {
    title: 'Bytes per delivery',
    run: async () => (await import('./bytes.js')).benchBytes(await prepareLogDatabase()),
  },
  scale: {
    title: 'The log at 100,000, 1,000,000 and 10,000,000 deliveries',
    // Seeding 10,000,000 rows takes half an hour the first time: run only when named.
    named: true,
    run: async () => (await import('./scale.js')).benchScale(),
  },
  retries: {
    title: '100,000 pending retries',
    run: async () => (await import('./retries.js')).benchRetries(),
  },
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const record = args.includes('--record');
  const chosen = args.filter((a) => !a.startsWith('--'));
  const unknown = chosen.filter((name) => !(name in BENCHES));
  if (unknown.length > 0) {
    console.error(`Unknown bench ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  const names = chosen.length > 0 ? chosen : Object.keys(BENCHES).filter((name) => !BENCHES[name].named);
  const machine = describeMachine();
  console.log(`dVersum bench — ${new Date().toISOString()}\n${machine}\n`);

  const sections: Section[] = [];
  const started = performance.now();
  for (const name of names) {
    const bench = BENCHES[name];
    process.stderr.write(`… ${bench.title}\n`);
    const t0 = performance.now();
    try {
      const result = await bench.run();
      sections.push(...(Array.isArray(result) ? result : [result]));
    } catch (err) {
      sections.push({
        title: bench.title,
        figures: [],
        goals: [goal(bench.title, false, `the bench failed: ${(err as Error).message.split('\n')[0]}`)],
      });
      console.error(err);
    }
    process.stderr.write(`  ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  const table = renderSections(sections);
  const total = ((performance.now() - started) / 1000).toFixed(0);
  console.log(table);
  console.log(
    `\n${sections.flatMap((s) => s.goals).filter((g) => g.met).length} of ${sections.flatMap((s) => s.goals).length} goals met; ${total} s in all.`,
  );

  if (record) {
    const file = fileURLToPath(new URL('../docs/performance.md', import.meta.url));
    appendFileSync(
      file,
      `\n### Run of ${new Date().toISOString()}\n\n${machine}; ${total} s in all.\n\n${table}\n`,
    );
    console.log(`\nRecorded in ${file}`);
  }
}

await main();
