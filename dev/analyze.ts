import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { scoreRfm } from '../functions/src/insight/rfm.ts';
import { readRfmOrders, rfmScoresCsv, RfmCsvError } from '../functions/src/insight/rfm-csv.ts';

// `npm run analyze -- rfm --orders FILE --at YYYY-MM-DD`: the RFM scores of an orders CSV, by the
// same code the product scores members with (functions/src/insight/rfm.ts), as CSV on stdout.
const USAGE = 'Usage: npm run analyze -- rfm --orders FILE --at YYYY-MM-DD';
const [command, ...rest] = process.argv.slice(2);
if (command !== 'rfm') {
  console.error(USAGE);
  process.exit(2);
}
const { values } = parseArgs({ args: rest, options: { orders: { type: 'string' }, at: { type: 'string' } }, strict: true });
if (!values.orders || !values.at || !/^\d{4}-\d{2}-\d{2}$/.test(values.at) || Number.isNaN(Date.parse(`${values.at}T00:00:00Z`))) {
  console.error(USAGE);
  process.exit(2);
}
try {
  const orders = readRfmOrders(readFileSync(values.orders, 'utf8'));
  process.stdout.write(rfmScoresCsv(scoreRfm(orders, { analysisDay: values.at })));
} catch (error) {
  if (error instanceof RfmCsvError) console.error(`${values.orders}: ${error.message}`);
  else console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
