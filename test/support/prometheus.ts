/**
 * `/metrics` read back as Prometheus reads it: the exposition text parsed by
 * parse-prometheus-text-format, and a sample found by its family and labels.
 * That parser folds a histogram's label sets into one (it knows only
 * unlabelled histograms), so a labelled histogram's `_count` and `_sum` are
 * read from their lines here (`histogram`).
 */
import parsePrometheusTextFormat, {
  type PrometheusFamily,
  type PrometheusSample,
} from 'parse-prometheus-text-format';

export type { PrometheusFamily, PrometheusSample };

export class Scrape {
  readonly families: Map<string, PrometheusFamily>;

  constructor(readonly text: string) {
    this.families = new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
  }

  family(name: string): PrometheusFamily {
    const family = this.families.get(name);
    if (!family)
      throw new Error(`no family ${name} in the scrape; it has ${[...this.families.keys()].join(', ')}`);
    return family;
  }

  /** The samples of a family whose labels include `labels`. */
  samples(name: string, labels: Record<string, string> = {}): PrometheusSample[] {
    return this.family(name).metrics.filter((sample) =>
      Object.entries(labels).every(([label, value]) => sample.labels?.[label] === value),
    );
  }

  /** The one counter or gauge value with exactly these labels (throws when none or several match). */
  value(name: string, labels: Record<string, string> = {}): number {
    const matching = this.family(name).metrics.filter(
      (sample) =>
        Object.keys(sample.labels ?? {}).length === Object.keys(labels).length &&
        Object.entries(labels).every(([label, value]) => sample.labels?.[label] === value),
    );
    if (matching.length !== 1) {
      throw new Error(`${matching.length} samples of ${name} with ${JSON.stringify(labels)}:\n${this.text}`);
    }
    return Number(matching[0].value);
  }

  /** A labelled histogram's count and sum for exactly these labels (`le` aside). */
  histogram(name: string, labels: Record<string, string>): { count: number; sum: number } | undefined {
    const want = JSON.stringify(Object.entries(labels).sort());
    const read = (suffix: string): number | undefined => {
      for (const line of this.text.split('\n')) {
        const match = new RegExp(`^${name}_${suffix}\\{(.*)\\} (\\S+)$`).exec(line);
        if (!match) continue;
        const pairs = [...match[1].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, k, v]) => [k, v]);
        if (JSON.stringify(pairs.sort()) === want) return Number(match[2]);
      }
      return undefined;
    };
    this.family(name);
    const count = read('count');
    const sum = read('sum');
    return count === undefined || sum === undefined ? undefined : { count, sum };
  }
}
