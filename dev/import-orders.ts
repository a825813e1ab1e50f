import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { depsFromEnvironment } from '../functions/src/runtime.ts';
import { importOrders } from '../functions/src/orders/import-orders.ts';
import { DomainError } from '../functions/src/platform/domain-error.ts';

// `npm run import:orders -- FILE [--credit-points] [--dry-run]`: imports an order history CSV into
// the local stack `npm start` runs (or whatever table the environment names, as `npm run job` does),
// through the same domain code as POST /v1/staff/order-imports, without its per-request line limit.
// Prints the report the API answers; exits 1 when a line was bad.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const USAGE = 'Usage: npm run import:orders -- FILE [--credit-points] [--dry-run]';
let file: string | undefined;
let values: { 'credit-points'?: boolean; 'dry-run'?: boolean };
try {
  const parsed = parseArgs({
    options: { 'credit-points': { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  [file] = parsed.positionals;
  values = parsed.values;
  if (!file || parsed.positionals.length > 1) throw new Error(USAGE);
} catch {
  console.error(USAGE);
  process.exit(2);
}
let csv: string;
try {
  csv = readFileSync(file, 'utf8');
} catch (error) {
  console.error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
try {
  const report = await importOrders(await depsFromEnvironment(), csv, {
    creditPoints: values['credit-points'] === true,
    dryRun: values['dry-run'] === true,
  });
  for (const bad of report.badRows) console.error(`${file}:${bad.line}: ${bad.reason}`);
  console.log(JSON.stringify(report, null, 2));
  process.exit(report.badRows.length > 0 ? 1 : 0);
} catch (error) {
  console.error(
    `import failed: ${error instanceof DomainError ? `${error.code}: ` : ''}${error instanceof Error ? error.message : String(error)}`,
  );
  console.error('Is `npm start` running? The import uses its DynamoDB Local. What was imported stays: run the same file again to finish.');
  process.exit(1);
}
