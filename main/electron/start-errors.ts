/**
 * What the owner reads when the app cannot start. The common case from the
 * sources — better-sqlite3 compiled for Node's ABI loaded into Electron — gets
 * the one step that fixes it.
 */
export function explainStartError(
  err: unknown,
  context: { isPackaged: boolean; hasSqliteBinding: boolean },
): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(message)) {
    if (!context.isPackaged && !context.hasSqliteBinding) {
      return (
        'better-sqlite3 in node_modules is built for Node.js, not for Electron. ' +
        'Start dVersum with `npm start`, which fetches the Electron build and keeps the two apart.'
      );
    }
    return `The database module does not match this Electron version: ${message.split('\n')[0]}`;
  }
  return message;
}
