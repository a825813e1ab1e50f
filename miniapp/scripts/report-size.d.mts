// Types for report-size.mjs (a plain Node script), for the weapp test that reuses its measuring.
export declare const MAIN_BUDGET_BYTES: number;
export declare const SUBPACKAGE_LIMIT_BYTES: number;
export declare const TOTAL_LIMIT_BYTES: number;
export declare function measurePackages(distDir: string): { main: number; subpackages: Record<string, number> };
export declare function sizeProblems(sizes: { main: number; subpackages: Record<string, number> }): string[];
