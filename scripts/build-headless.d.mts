export declare const HEADLESS_BUNDLE: string;
export declare function headlessBundleIsStale(): boolean;
export declare function buildHeadless(options?: { force?: boolean }): Promise<string | null>;
export declare const HEADLESS_NODE_FLAGS: string[];
export declare function headlessEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
