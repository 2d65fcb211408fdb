export function encodePng(size: number, rgba: Buffer): Buffer;
export function encodeIco(pngs: { size: number; png: Buffer }[]): Buffer;
export function icons(): Record<string, Buffer>;
export function brandModule(files?: Record<string, Buffer>): string;
