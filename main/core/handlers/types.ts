import type { OperationName, OpOutput, OpParsedInput } from '../../../contract/index.js';

export type Handler<K extends OperationName> = (input: OpParsedInput<K>) => Promise<OpOutput<K>> | OpOutput<K>;

/** A group of handlers, one per operation name in K. */
export type HandlerGroup<K extends OperationName> = { [P in K]: Handler<P> };

export type Handlers = HandlerGroup<OperationName>;
