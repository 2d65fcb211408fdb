import type { Core } from '../core.js';
import type { HandlerGroup, HostServices, ObjectOps } from './types.js';

// Placeholder until this group is built: its owner replaces the Partial with the whole group.
export function objectHandlers(_core: Core, _host?: HostServices): Partial<HandlerGroup<ObjectOps>> {
  return {};
}
