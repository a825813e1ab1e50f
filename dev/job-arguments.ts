import { parseArgs } from 'node:util';
import * as z from 'zod';

/** What `npm run job -- <name> [--at <ISO time>]` asks for: the job, and the moment to run it as at (now when absent). */
export type JobInvocation = { name: string; at: Date | null } | { error: string };

const INSTANT = z.iso.datetime({ offset: true });

/** Reads the job's name and `--at` (an ISO 8601 instant with its offset, e.g. 2027-02-05T09:00:00+08:00). */
export function parseJobArguments(argv: readonly string[]): JobInvocation {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { at: { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const [name, ...extra] = parsed.positionals;
  if (!name) return { error: 'Name the job to run' };
  if (extra.length > 0) return { error: `Unexpected arguments: ${extra.join(' ')}` };
  const { at } = parsed.values;
  if (at === undefined) return { name, at: null };
  // An instant, not a wall time: without its offset the same text would mean different moments on
  // different machines. zod's check also refuses days a month does not have (Date.parse rolls them over).
  if (!INSTANT.safeParse(at).success) {
    return { error: `--at needs an ISO 8601 time with its offset, e.g. 2027-02-05T09:00:00+08:00 (got "${at}")` };
  }
  return { name, at: new Date(at) };
}
