export declare const N8N_VERSION: string;
export declare function n8nCacheDir(env?: NodeJS.ProcessEnv): string;
/** The n8n binary when the cache holds a finished install of N8N_VERSION. */
export declare function installedN8n(dir?: string): string | undefined;
/** Installs when needed; returns the n8n binary. */
export declare function installN8n(dir?: string, log?: (line: string) => void): string;
