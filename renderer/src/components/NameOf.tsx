/** Shows a related object's name (a client's, a project's) from its cached list. */
import { useOp } from '../api/client-context.js';

export function NameOf({ group, id }: { group: 'clients' | 'projects' | 'tasks'; id: unknown }) {
  const list = useOp(`${group}.list` as 'clients.list', { limit: 200 }, { enabled: typeof id === 'string' });
  if (typeof id !== 'string') return <>—</>;
  const found = (list.data?.items as { id: string; name?: string; title?: string }[] | undefined)?.find(
    (i) => i.id === id,
  );
  return <>{found?.name ?? found?.title ?? id}</>;
}
