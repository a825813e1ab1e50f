import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fitOnPurchases } from '../functions/src/insight/customer-analysis.ts';
import { readCdnowPurchases, readPurchasesCsv } from '../functions/src/insight/purchase-csv.ts';
import { CsvLineError } from '../functions/src/platform/csv.ts';
import { scoreRfm } from '../functions/src/insight/rfm.ts';
import { readRfmOrders, rfmScoresCsv } from '../functions/src/insight/rfm-csv.ts';

// The customer-insight figures of a file, by the same code the product computes them with
// (functions/src/insight/):
// - `rfm`: the RFM scores of an orders CSV, as CSV on stdout;
// - `bgnbd`: the BG/NBD and Gamma-Gamma fits of a purchases file up to a calibration end day, as one
//   JSON object on stdout (null for a model the rules stand in for, with the reason on stderr);
//   `--diagnostics` adds the optimizer's report and the fit time on stderr.
const USAGE = [
  'Usage: npm run analyze -- rfm --orders FILE --at YYYY-MM-DD',
  '       npm run analyze -- bgnbd --transactions FILE --calibration-end YYYY-MM-DD [--format csv|cdnow] [--diagnostics]',
].join('\n');

const isDay = (text: string | undefined): text is string =>
  text !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);

/** Reads a file with `read`, naming the file in the error of a line it cannot read. */
function readFile<T>(path: string, read: (text: string) => T): T {
  try {
    return read(readFileSync(path, 'utf8'));
  } catch (error) {
    if (error instanceof CsvLineError) throw new Error(`${path}: ${error.message}`, { cause: error });
    throw error;
  }
}

function usage(): never {
  console.error(USAGE);
  process.exit(2);
}

function rfm(args: string[]) {
  const { values } = parseArgs({ args, options: { orders: { type: 'string' }, at: { type: 'string' } }, strict: true });
  if (!values.orders || !isDay(values.at)) usage();
  const orders = readFile(values.orders, readRfmOrders);
  process.stdout.write(rfmScoresCsv(scoreRfm(orders, { analysisDay: values.at })));
}

function bgnbd(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      transactions: { type: 'string' },
      'calibration-end': { type: 'string' },
      format: { type: 'string', default: 'csv' },
      diagnostics: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const calibrationEnd = values['calibration-end'];
  if (!values.transactions || !isDay(calibrationEnd) || (values.format !== 'csv' && values.format !== 'cdnow')) usage();
  const purchases = readFile(values.transactions, values.format === 'cdnow' ? readCdnowPurchases : readPurchasesCsv);
  const started = performance.now();
  const { models, report } = fitOnPurchases(purchases, calibrationEnd);
  const fitMilliseconds = performance.now() - started;
  process.stdout.write(`${JSON.stringify(report)}\n`);
  const why = {
    'too-few-repeat-buyers': `${models.repeatBuyers} repeat buyers, fewer than ${models.minRepeatBuyers}`,
    'did-not-converge': 'the fit did not converge',
    'infinite-mean-spend': 'the fitted q ≤ 1 leaves the mean spend infinite',
  };
  for (const [name, part] of [
    ['bgnbd', models.purchases],
    ['gammaGamma', models.spend],
  ] as const) {
    if (part.method === 'rules') console.error(`${name}: not fitted: ${why[part.reason]}; the rules stand in`);
  }
  if (values.diagnostics) {
    const optimizer = (fit: { gradientNorm: number; iterations: number; message: string; converged: boolean } | null) =>
      fit && { gradientNorm: fit.gradientNorm, iterations: fit.iterations, message: fit.message, converged: fit.converged };
    console.error(
      JSON.stringify({
        fitMilliseconds: Math.round(fitMilliseconds),
        bgnbd: optimizer(models.purchases.method === 'bgnbd' ? models.purchases.fit : models.purchases.attempt),
        gammaGamma: optimizer(models.spend.method === 'gamma-gamma' ? models.spend.fit : models.spend.attempt),
      }),
    );
  }
}

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === 'rfm') rfm(rest);
  else if (command === 'bgnbd') bgnbd(rest);
  else usage();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
