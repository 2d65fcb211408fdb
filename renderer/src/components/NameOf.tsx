/** Shows a related object's name (a client's, a project's) from its cached list. */
import type { ResourceList } from '../../../contract/resources.js';
import { displayName, useObjectNames } from '../api/object-calls.js';

export function NameOf({ group, id }: { group: ResourceList; id: string | null }) {
  const list = useObjectNames(group, typeof id === 'string');
  if (typeof id !== 'string') return <>—</>;
  const found = list.data?.items.find((i) => i.id === id);
  return <>{found ? displayName(found) : id}</>;
}
