/** The esbuild bundle `npm run serve` runs, started on a data folder: its process and the URL it prints once listening. */
import { spawn, type ChildProcess } from 'node:child_process';

export interface RunningBundle {
  child: ChildProcess;
  url: string;
}

export async function startBundle(bundle: string, dataDir: string): Promise<RunningBundle> {
  const child = spawn(process.execPath, [bundle], {
    env: { ...process.env, DVERSUM_DATA_DIR: dataDir, DVERSUM_PORT: '0', DVERSUM_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no URL within 60 s:\n${out}`)), 60_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /running \(headless\) at (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`exited:\n${out}`));
    });
  }).catch((error: unknown) => {
    if (child.exitCode === null) child.kill('SIGKILL');
    throw error;
  });
  return { child, url };
}
