/**
 * Settings > General > Backups: "Back up now", the list (time, kind, size),
 * Restore behind a confirm dialog (a listed backup, or a file by its path),
 * and the folder, how many to keep and the daily time (settings.update).
 * After a restore every read is refetched: the database is another one.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../../contract/integrations.js';
import { useAction, useOp } from '../../api/client-context.js';
import { fieldError, fieldErrors } from '../../api/errors.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { ErrorText } from '../../components/ErrorText.js';
import { FormError, TextField } from '../../components/Field.js';
import { formatTime } from '../../lib/format.js';
import { reasonText } from './reason-text.js';

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The catalog's key for each kind of backup. */
const KIND_KEY = { manual: 'manual', daily: 'daily', 'before restore': 'beforeRestore' } as const;

function BackupSettings({ backups }: { backups: Settings['backups'] }) {
  const { t } = useTranslation('settings', { keyPrefix: 'backups' });
  const { t: tc } = useTranslation();
  const [form, setForm] = useState({
    folder: backups.folder,
    keep: String(backups.keep),
    dailyAt: backups.dailyAt,
  });
  const [saved, setSaved] = useState(false);
  const update = useAction('settings.update', { alsoRefresh: ['backups'], onSuccess: () => setSaved(true) });
  const errors = fieldErrors(update.error);
  const set = (key: keyof typeof form) => (e: { currentTarget: { value: string } }) => {
    setSaved(false);
    setForm({ ...form, [key]: e.currentTarget.value });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({
      backups: { folder: form.folder.trim(), keep: Number(form.keep), dailyAt: form.dailyAt },
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('settings')}>
      <FormError error={update.error} fields={errors} />
      <TextField
        label={t('folder')}
        hint={t('folderHint')}
        value={form.folder}
        onChange={set('folder')}
        error={fieldError(errors, 'backups.folder')}
      />
      <TextField
        label={t('keep')}
        hint={t('keepHint')}
        inputMode="numeric"
        value={form.keep}
        onChange={set('keep')}
        error={fieldError(errors, 'backups.keep')}
      />
      <TextField
        label={t('dailyAt')}
        hint={t('dailyAtHint')}
        value={form.dailyAt}
        onChange={set('dailyAt')}
        error={fieldError(errors, 'backups.dailyAt')}
      />
      <div className="actions">
        <button type="submit" disabled={update.isPending}>
          {t('apply')}
        </button>
        {saved ? <span role="status">{tc('form.saved')}</span> : null}
      </div>
    </form>
  );
}

export function BackupsPanel({ settings }: { settings: Settings }) {
  const { t } = useTranslation('settings', { keyPrefix: 'backups' });
  const queryClient = useQueryClient();
  const list = useOp('backups.list', {});
  const [done, setDone] = useState<string | null>(null);
  const create = useAction('backups.create', { onSuccess: (b) => setDone(t('done', { id: b.id })) });
  const restore = useAction('backups.restore', {
    onSuccess: (result) => {
      const reason = reasonText(result.pausedReason, result.pausedReasonCode, result.pausedReasonParams);
      setDone(t('restored', { from: result.restoredFrom, reason }));
      // Another database: nothing cached is true any more.
      void queryClient.invalidateQueries();
    },
  });
  const [path, setPath] = useState('');
  const error = create.error ?? restore.error ?? list.error;
  return (
    <section className="card" aria-labelledby="backups-title">
      <h3 id="backups-title">{t('title')}</h3>
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={create.isPending || restore.isPending}
          onClick={() => {
            setDone(null);
            create.mutate({});
          }}
        >
          {t('now')}
        </button>
        {done ? (
          <span role="status" data-testid="backup-status">
            {done}
          </span>
        ) : null}
      </div>
      {error ? (
        <p className="form-error" role="alert">
          <ErrorText error={error} />
        </p>
      ) : null}
      {list.data ? (
        <>
          <p className="hint">{t('in', { folder: list.data.folder })}</p>
          {list.data.items.length === 0 ? (
            <p className="hint">{t('empty')}</p>
          ) : (
            <table className="list" aria-label={t('title')}>
              <thead>
                <tr>
                  <th>{t('time')}</th>
                  <th>{t('kind')}</th>
                  <th>{t('size')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((b) => (
                  <tr key={b.id} data-backup={b.id}>
                    <td>{formatTime(b.createdAt)}</td>
                    <td>{t(`kinds.${KIND_KEY[b.kind]}`)}</td>
                    <td>{formatSize(b.size)}</td>
                    <td>
                      <ConfirmButton
                        question={t('restoreQuestion', {
                          what: t('backupOf', { time: formatTime(b.createdAt) }),
                        })}
                        confirmLabel={t('restore')}
                        disabled={restore.isPending}
                        onConfirm={() => {
                          setDone(null);
                          restore.mutate({ id: b.id });
                        }}
                      >
                        {t('restore')}
                      </ConfirmButton>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : null}
      <div className="restore-path">
        <TextField
          label={t('fromFile')}
          hint={t('fromFileHint')}
          value={path}
          onChange={(e) => setPath(e.currentTarget.value)}
        />
        <ConfirmButton
          question={t('restoreQuestion', { what: path })}
          confirmLabel={t('restore')}
          disabled={restore.isPending || path.trim() === ''}
          onConfirm={() => {
            setDone(null);
            restore.mutate({ path: path.trim() });
          }}
        >
          {t('restoreFile')}
        </ConfirmButton>
      </div>
      <BackupSettings backups={settings.backups} />
    </section>
  );
}
