/**
 * "Open at login" (settings.openAtLogin). macOS and Windows have
 * app.setLoginItemSettings; Linux has no such call, so an XDG autostart entry
 * (~/.config/autostart/dversum.desktop) is written or removed instead. An
 * AppImage is started through its own file ($APPIMAGE), not the extracted
 * binary, which moves on every run.
 */
import type { Settings } from 'electron';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface LoginItemDeps {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  execPath: string;
  setLoginItemSettings(settings: Settings): void;
}

export function autostartFile(env: NodeJS.ProcessEnv): string {
  const config =
    env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.length > 0 ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(config, 'autostart', 'dversum.desktop');
}

export function autostartEntry(command: string): string {
  const quoted = `"${command.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=dVersum',
    'Comment=Webhooks and API for your clients, projects and invoices',
    `Exec=${quoted} --hidden`,
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** `--hidden` (Windows and Linux autostart): started at login, the app goes straight to the tray. */
export const startedHidden = (argv: string[]): boolean => argv.includes('--hidden');

export function applyOpenAtLogin(open: boolean, deps: LoginItemDeps): void {
  if (deps.platform === 'linux') {
    const file = autostartFile(deps.env);
    if (!open) {
      rmSync(file, { force: true });
      return;
    }
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, autostartEntry(deps.env.APPIMAGE || deps.execPath));
    return;
  }
  deps.setLoginItemSettings({ openAtLogin: open, args: ['--hidden'] });
}
