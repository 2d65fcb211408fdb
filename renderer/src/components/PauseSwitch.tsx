/**
 * The global "Pause webhooks" switch: the same state as the tray's. Shows how
 * many deliveries are held; refreshes on main's notice and every few seconds.
 */
import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useAction, useConnection, useOp } from '../api/client-context.js';

export function PauseSwitch() {
  const { onDispatchChanged } = useConnection();
  const queryClient = useQueryClient();
  const status = useOp('dispatch.status', {}, { refetchInterval: 3_000 });
  const setPaused = useAction('dispatch.setPaused', { alsoRefresh: ['log'] });

  useEffect(
    () => onDispatchChanged(() => void queryClient.invalidateQueries({ queryKey: ['dispatch.status'] })),
    [onDispatchChanged, queryClient],
  );

  const paused = setPaused.isPending ? !!setPaused.variables?.paused : !!status.data?.paused;
  return (
    <div className="pause-switch">
      <label className="switch">
        <input
          type="checkbox"
          role="switch"
          checked={paused}
          disabled={status.isPending || setPaused.isPending}
          onChange={(e) => setPaused.mutate({ paused: e.currentTarget.checked })}
        />
        <span>Pause webhooks</span>
      </label>
      <span className="held" aria-live="polite" data-testid="held-count">
        {status.data ? `${status.data.held} held` : ''}
        {status.data && status.data.failing > 0 ? ` · ${status.data.failing} failing` : ''}
      </span>
      {setPaused.error ? (
        <span className="field-error" role="alert">
          {setPaused.error.message}
        </span>
      ) : null}
    </div>
  );
}
