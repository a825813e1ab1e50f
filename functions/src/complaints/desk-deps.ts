import type { Deps } from '../deps.ts';

/** What the desk's domain functions use of the process's dependencies. */
export type DeskDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'wechat' | 'logger' | 'photos'>;
