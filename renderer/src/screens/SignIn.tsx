/**
 * In a browser, the window asks once for the admin token that `npm run serve`
 * wrote to <data dir>/admin-token, checks it, and keeps it.
 */
import { useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const value = token.trim();
    if (!value) return setError(t('signIn.required'));
    setBusy(true);
    setError(undefined);
    try {
      await verify(value);
      onSignedIn(value);
    } catch (err) {
      const status = (err as { status?: number }).status;
      setError(status === 401 ? t('signIn.notAccepted') : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <form className="card" onSubmit={submit} noValidate aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">{t('signIn.title')}</h1>
        <p>
          <Trans i18nKey="signIn.intro" components={{ code: <code /> }} />
        </p>
        <TextField
          label={t('signIn.token')}
          type="password"
          autoComplete="current-password"
          value={token}
          onChange={(e) => setToken(e.currentTarget.value)}
          error={error}
          autoFocus
        />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('signIn.checking') : t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
