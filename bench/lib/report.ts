/**
 * The bench's one table. Each measurement gives a figure and, where it has one,
 * the baseline measured in the same run, so the ratio is what to read on a
 * shared, noisy machine; each goal is a line marked met or missed.
 */
import { cpus, totalmem, freemem, loadavg, platform, release } from 'node:os';

export interface Figure {
  /** What was measured, e.g. "incoming POST /tasks, req/s". */
  name: string;
  value: number;
  unit: string;
  /** The same quantity on the bare baseline, measured in the same run. */
  baseline?: number;
  baselineName?: string;
}

export interface Goal {
  name: string;
  met: boolean;
  /** The numbers that decided it, e.g. "0.62 × bare (goal ≥ 0.5)". */
  detail: string;
}

export interface Section {
  title: string;
  figures: Figure[];
  goals: Goal[];
  notes?: string[];
}

export const goal = (name: string, met: boolean, detail: string): Goal => ({ name, met, detail });

export function describeMachine(): string {
  const cpu = cpus();
  const model = cpu[0]?.model.trim() ?? 'unknown CPU';
  const gib = (n: number) => (n / 1024 ** 3).toFixed(1);
  return (
    `${cpu.length} × ${model}, ${gib(totalmem())} GiB memory (${gib(freemem())} GiB free), ` +
    `Node ${process.version}, ${platform()} ${release()}, load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`
  );
}

const formatNumber = (n: number): string => {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
};

/** A Markdown table, readable in a terminal and pasteable into docs/performance.md. */
export function renderSections(sections: Section[]): string {
  const lines: string[] = [];
  lines.push('| measurement | figure | baseline (same run) | ratio |');
  lines.push('|---|---:|---:|---:|');
  for (const section of sections) {
    lines.push(`| **${section.title}** | | | |`);
    for (const f of section.figures) {
      const figure = `${formatNumber(f.value)} ${f.unit}`;
      const baseline =
        f.baseline === undefined
          ? ''
          : `${formatNumber(f.baseline)} ${f.unit}${f.baselineName ? ` (${f.baselineName})` : ''}`;
      const ratio =
        f.baseline === undefined || f.baseline === 0 ? '' : `${(f.value / f.baseline).toFixed(2)}`;
      lines.push(`| ${f.name} | ${figure} | ${baseline} | ${ratio} |`);
    }
  }
  lines.push('');
  lines.push('| goal | result | detail |');
  lines.push('|---|---|---|');
  for (const section of sections) {
    for (const g of section.goals)
      lines.push(`| ${g.name} | ${g.met ? 'met' : '**MISSED**'} | ${g.detail} |`);
  }
  const notes = sections.flatMap((s) => (s.notes ?? []).map((n) => `- ${s.title}: ${n}`));
  if (notes.length > 0) {
    lines.push('');
    lines.push(...notes);
  }
  return lines.join('\n');
}

export const ratioDetail = (value: number, baseline: number, min: number): string =>
  `${(value / baseline).toFixed(2)} × bare (goal ≥ ${min})`;
