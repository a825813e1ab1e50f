/**
 * The services Linli cannot work without, named by what a caller is told when one is down: the
 * table (DynamoDB), photo storage (S3), the care queue (SQS), WeChat's server API and WeChat Pay.
 */
export type Dependency = 'database' | 'storage' | 'queue' | 'wechat' | 'wechat-pay';

/**
 * A dependency could not be reached, did not answer in time, kept throttling past the client's own
 * retries, or answered something that is not its protocol (an HTML error page, the wrong shape).
 * The outcome of a write may be unknown; the request may be tried again once it is back.
 */
export class DependencyUnavailable extends Error {
  constructor(
    readonly dependency: Dependency,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DependencyUnavailable';
  }
}

/** How long an AWS SDK client waits, and how often it tries, before an outage is reported. */
export interface AwsClientTimeouts {
  /** Establishing the TCP connection. */
  connectionTimeoutMs: number;
  /** One attempt, from sending the request to the end of the answer. */
  requestTimeoutMs: number;
  /** Attempts in all, the first included (the SDK backs off between them, longer when throttled). */
  maxAttempts: number;
}

/**
 * The API function has 10 s (infra: LinliFunction's default); a request gives up on one call to a
 * silent service after at most 3 × 2 s plus the SDK's backoff (well under a second unless throttled,
 * when it is at most 3 s in all), so a route that fails on its first call answers within the limit.
 * DynamoDB, S3 and SQS answer in milliseconds when well: 2 s of silence is an outage.
 */
export const AWS_CLIENT_TIMEOUTS: AwsClientTimeouts = { connectionTimeoutMs: 1000, requestTimeoutMs: 2000, maxAttempts: 3 };

/** The settings an AWS SDK v3 client takes for `timeouts`. */
export function awsClientSettings(timeouts: AwsClientTimeouts = AWS_CLIENT_TIMEOUTS) {
  return {
    maxAttempts: timeouts.maxAttempts,
    // Without throwOnRequestTimeout the SDK only logs a warning when requestTimeout passes, and waits on.
    requestHandler: {
      connectionTimeout: timeouts.connectionTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  };
}

/** DynamoDB's and the SDK's names for "too many requests", thrown once the SDK's retries are spent. */
const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'Throttling',
  'TooManyRequestsException',
  'SlowDown',
  'RequestThrottled',
  'RequestThrottledException',
]);

/** Socket failures: nothing listening, a connection cut or never answered, a name that does not resolve. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

interface AwsErrorShape {
  name?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $response?: unknown;
  $fault?: unknown;
}

/**
 * Whether an AWS SDK error means the service is out of reach rather than that it refused this
 * request: throttling after the SDK's retries, a 5xx, a timeout or a socket failure, or an answer
 * the SDK could not read as the service's. A refusal the service meant (a failed condition, a
 * cancelled transaction, validation, a missing key or table) is not an outage.
 */
export function isAwsOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const shape = error as AwsErrorShape;
  if (THROTTLING.has(error.name)) return true;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return true;
  if (typeof shape.code === 'string' && NETWORK_CODES.has(shape.code)) return true;
  const status = shape.$metadata?.httpStatusCode;
  if (typeof status === 'number' && status >= 500) return true;
  // An answer that was not the service's (a proxy's HTML page, a truncated body): the SDK could not
  // deserialize it and keeps the raw response on the error. A refusal the service meant is a service
  // exception, which says whose fault it was.
  return shape.$response !== undefined && shape.$fault === undefined;
}

/** The dependency an AWS SDK client's outage is reported as: set on the error as it leaves the client. */
const REPORTED_AS = Symbol('linli.dependency');

type Handler = (args: never) => Promise<unknown>;

/** The one part of an AWS SDK v3 client this needs: its middleware stack. */
interface AwsSdkClient {
  middlewareStack: { add(middleware: (next: Handler) => Handler, options: { step: 'initialize'; name: string }): void };
}

/**
 * Marks every outage (isAwsOutage) leaving `client`, after its own retries, as `dependency` being
 * unavailable. The error itself is thrown on unchanged, so code that tells a lost race or a
 * cancelled transaction by its name still does; the HTTP edge reads the mark (unavailableDependencyOf).
 */
export function reportOutagesAs<Client extends AwsSdkClient>(client: Client, dependency: Dependency): Client {
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (isAwsOutage(error)) Object.defineProperty(error, REPORTED_AS, { value: dependency, configurable: true });
        throw error;
      }
    },
    { step: 'initialize', name: 'linliReportOutages' },
  );
  return client;
}

/**
 * The dependency an error says is unavailable, or null when it says something else: a
 * DependencyUnavailable (WeChat's and WeChat Pay's adapters throw their own kinds of it), or an AWS
 * SDK outage its client marked, looked for along the chain of causes.
 */
export function unavailableDependencyOf(error: unknown): Dependency | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof DependencyUnavailable) return current.dependency;
    const reported = (current as { [REPORTED_AS]?: Dependency })[REPORTED_AS];
    if (reported) return reported;
    current = current.cause;
  }
  return null;
}
