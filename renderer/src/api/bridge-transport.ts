/** The Electron transport: the preload's `window.dversum` bridge. */
import type { DversumBridge } from '../../../contract/bridge.js';
import type { ContractClient, OperationName, OpInput, OpOutput } from '../../../contract/operations.js';
import { toContractError } from './errors.js';

export function createBridgeClient(bridge: DversumBridge): ContractClient {
  return {
    async call<K extends OperationName>(name: K, input: OpInput<K>): Promise<OpOutput<K>> {
      try {
        return (await bridge.call(name, input ?? {})) as OpOutput<K>;
      } catch (err) {
        throw toContractError(err);
      }
    },
  };
}

export function findBridge(): DversumBridge | undefined {
  return (globalThis as { dversum?: DversumBridge }).dversum;
}
