/**
 * In a browser, the window asks once for the admin token that `npm run serve`
 * wrote to <data dir>/admin-token, checks it, and keeps it.
 */
import { useState, type FormEvent } from 'react';
import { TextField } from '../components/Field.js';

export function SignIn({
  onSignedIn,
  verify,
}: {
  onSignedIn: (token: string) => void;
  verify: (token: string) => Promise<unknown>;
}) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const value = token.trim();
    if (!value) return setError('is required');
    setBusy(true);
    setError(undefined);
    try {
      await verify(value);
      onSignedIn(value);
    } catch (err) {
      const status = (err as { status?: number }).status;
      setError(
        status === 401
          ? 'This token was not accepted. Copy it again from the admin-token file.'
          : (err as Error).message,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <form className="card" onSubmit={submit} noValidate aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to dVersum</h1>
        <p>
          Paste the admin token from the <code>admin-token</code> file in the server&apos;s data folder. This
          browser keeps it until you sign out.
        </p>
        <TextField
          label="Admin token"
          type="password"
          autoComplete="current-password"
          value={token}
          onChange={(e) => setToken(e.currentTarget.value)}
          error={error}
          autoFocus
        />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
