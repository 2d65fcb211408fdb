export function encodePng(size: number, rgba: Buffer): Buffer;
export function icons(): Record<string, Buffer>;
