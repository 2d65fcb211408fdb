export interface ElectronTarget {
  electronVersion: string;
  platform: string;
  arch: string;
}
export function electronVersion(root: string): string;
export function electronSqliteDir(root: string, target: ElectronTarget): string;
export function electronSqliteBinding(root: string, target: ElectronTarget): string;
export function ensureElectronSqlite(
  root: string,
  target: ElectronTarget,
  options?: { timeoutMs?: number; log?: (line: string) => void },
): Promise<string>;
