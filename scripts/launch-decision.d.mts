export function findElectronBinary(
  electronDir: string,
): { binary: string } | { binary: null; problem: string };

export interface LaunchFacts {
  platform: string;
  env: Record<string, string | undefined>;
  electronBinary: string | null;
  binaryProblem?: string;
  downloadError?: string;
  sqliteError?: string;
}

export type LaunchDecision =
  { mode: 'electron'; binary: string } | { mode: 'download' } | { mode: 'headless'; reason: string };

export function decideLaunch(facts: LaunchFacts): LaunchDecision;
export function fallbackLine(reason: string): string;
export function oneLine(text: unknown): string;
