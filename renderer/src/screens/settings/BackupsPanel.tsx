/**
 * Settings > General > Backups: "Back up now", the list (time, kind, size),
 * Restore behind a confirm dialog (a listed backup, or a file by its path),
 * and the folder, how many to keep and the daily time (settings.update).
 * After a restore every read is refetched: the database is another one.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Settings } from '../../../../contract/integrations.js';
import { useAction, useOp } from '../../api/client-context.js';
import { fieldError, fieldErrors } from '../../api/errors.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { FormError, TextField } from '../../components/Field.js';
import { formatTime } from '../../lib/format.js';

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const KIND_LABEL = { manual: 'Manual', daily: 'Daily', 'before restore': 'Before restore' } as const;

function BackupSettings({ backups }: { backups: Settings['backups'] }) {
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
    <form onSubmit={submit} noValidate aria-label="Backup settings">
      <FormError error={update.error} fields={errors} />
      <TextField
        label="Backup folder"
        hint="Empty: a backups folder beside the database. A synced folder (Dropbox, iCloud, a NAS share) keeps copies off this disk."
        value={form.folder}
        onChange={set('folder')}
        error={fieldError(errors, 'backups.folder')}
      />
      <TextField
        label="Backups to keep"
        hint='Manual and daily ones. The 3 newest "before restore" copies are kept besides.'
        inputMode="numeric"
        value={form.keep}
        onChange={set('keep')}
        error={fieldError(errors, 'backups.keep')}
      />
      <TextField
        label="Daily backup at"
        hint="Local time, HH:MM. When dVersum was closed then, it backs up when it starts."
        value={form.dailyAt}
        onChange={set('dailyAt')}
        error={fieldError(errors, 'backups.dailyAt')}
      />
      <div className="actions">
        <button type="submit" disabled={update.isPending}>
          Apply backup settings
        </button>
        {saved ? <span role="status">Saved.</span> : null}
      </div>
    </form>
  );
}

export function BackupsPanel({ settings }: { settings: Settings }) {
  const queryClient = useQueryClient();
  const list = useOp('backups.list', {});
  const [done, setDone] = useState<string | null>(null);
  const create = useAction('backups.create', { onSuccess: (b) => setDone(`Backed up: ${b.id}`) });
  const restore = useAction('backups.restore', {
    onSuccess: (result) => {
      setDone(`Restored ${result.restoredFrom}. ${result.pausedReason}`);
      // Another database: nothing cached is true any more.
      void queryClient.invalidateQueries();
    },
  });
  const [path, setPath] = useState('');
  const error = create.error ?? restore.error ?? list.error;
  return (
    <section className="card" aria-labelledby="backups-title">
      <h3 id="backups-title">Backups</h3>
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
          Back up now
        </button>
        {done ? (
          <span role="status" data-testid="backup-status">
            {done}
          </span>
        ) : null}
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error.message}
        </p>
      ) : null}
      {list.data ? (
        <>
          <p className="hint">In {list.data.folder}</p>
          {list.data.items.length === 0 ? (
            <p className="hint">No backups yet.</p>
          ) : (
            <table className="list" aria-label="Backups">
              <thead>
                <tr>
                  <th>Time</th>
                  <th>Kind</th>
                  <th>Size</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((b) => (
                  <tr key={b.id} data-backup={b.id}>
                    <td>{formatTime(b.createdAt)}</td>
                    <td>{KIND_LABEL[b.kind]}</td>
                    <td>{formatSize(b.size)}</td>
                    <td>
                      <ConfirmButton
                        question={`Restore the backup of ${formatTime(b.createdAt)}? The database as it is now is kept as a "before restore" backup, and webhooks stay paused until you resume them.`}
                        confirmLabel="Restore"
                        disabled={restore.isPending}
                        onConfirm={() => {
                          setDone(null);
                          restore.mutate({ id: b.id });
                        }}
                      >
                        Restore
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
          label="Restore from a file"
          hint="The full path of a dVersum backup, such as one copied from another computer."
          value={path}
          onChange={(e) => setPath(e.currentTarget.value)}
        />
        <ConfirmButton
          question={`Restore ${path}? The database as it is now is kept as a "before restore" backup, and webhooks stay paused until you resume them.`}
          confirmLabel="Restore"
          disabled={restore.isPending || path.trim() === ''}
          onConfirm={() => {
            setDone(null);
            restore.mutate({ path: path.trim() });
          }}
        >
          Restore file
        </ConfirmButton>
      </div>
      <BackupSettings backups={settings.backups} />
    </section>
  );
}
