import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { DependencyUnavailable, isAwsOutage, reportOutagesAs, unavailableDependencyOf } from './dependency-faults.ts';

const $metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

describe('isAwsOutage', () => {
  it('counts throttling past the SDK’s retries, 5xx, timeouts and socket failures as outages', () => {
    expect(isAwsOutage(new ProvisionedThroughputExceededException({ message: 'slow down', ...$metadata(400) }))).toBe(true);
    for (const name of ['ThrottlingException', 'RequestLimitExceeded'])
      expect(isAwsOutage(Object.assign(new Error('throttled'), { name, ...$metadata(400), $fault: 'client' }))).toBe(true);
    expect(isAwsOutage(Object.assign(new Error('oops'), { name: 'InternalServerError', ...$metadata(500), $fault: 'server' }))).toBe(true);
    expect(
      isAwsOutage(Object.assign(new Error('exceeded the configured requestTimeout'), { name: 'TimeoutError', code: 'ETIMEDOUT' })),
    ).toBe(true);
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND'])
      expect(isAwsOutage(Object.assign(new Error(`connect ${code}`), { code }))).toBe(true);
  });

  it('counts an answer the SDK could not read (a proxy’s HTML page) as an outage, whatever its status', () => {
    for (const status of [200, 403, 502])
      expect(
        isAwsOutage(Object.assign(new SyntaxError('Unexpected token <'), { $response: { statusCode: status }, ...$metadata(status) })),
      ).toBe(true);
  });

  it('does not count a refusal the service meant, nor an error that is not the SDK’s', () => {
    expect(isAwsOutage(new ConditionalCheckFailedException({ message: 'The conditional request failed', ...$metadata(400) }))).toBe(false);
    expect(isAwsOutage(new TransactionCanceledException({ message: 'cancelled', ...$metadata(400) }))).toBe(false);
    const validation = Object.assign(new Error('One of the required keys was not given a value'), {
      name: 'ValidationException',
      $fault: 'client',
      $response: {},
      ...$metadata(400),
    });
    expect(isAwsOutage(validation)).toBe(false);
    expect(isAwsOutage(new TypeError('Cannot read properties of undefined'))).toBe(false);
    expect(isAwsOutage('ECONNREFUSED')).toBe(false);
  });
});

describe('unavailableDependencyOf', () => {
  it('names the dependency of a DependencyUnavailable, directly or as a cause', () => {
    const unavailable = new DependencyUnavailable('wechat-pay', 'WeChat Pay jsapi unreachable');
    expect(unavailableDependencyOf(unavailable)).toBe('wechat-pay');
    expect(unavailableDependencyOf(new Error('while paying', { cause: unavailable }))).toBe('wechat-pay');
    expect(unavailableDependencyOf(new Error('a bug'))).toBeNull();
    expect(unavailableDependencyOf(undefined)).toBeNull();
  });

  it('names the dependency a client reported its outage as, and leaves the error as the SDK threw it', async () => {
    // Port 9 on loopback: nothing listens there, the connection is refused at once.
    const client = reportOutagesAs(
      new DynamoDBClient({
        region: 'ap-east-1',
        endpoint: 'http://127.0.0.1:9',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 1,
      }),
      'database',
    );
    const error: unknown = await client
      .send(new GetItemCommand({ TableName: 't-1', Key: { pk: { S: 'a' } } }))
      .catch((thrown: unknown) => thrown);
    client.destroy();
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
    expect(unavailableDependencyOf(error)).toBe('database');
  });

  it('does not mark what a client throws that is not an outage', async () => {
    const client = reportOutagesAs(
      new DynamoDBClient({
        region: 'ap-east-1',
        endpoint: 'http://127.0.0.1:9',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 1,
      }),
      'database',
    );
    // DynamoDB's answer, as the client would throw it, without a request sent.
    client.middlewareStack.add(
      () => () => Promise.reject(new ConditionalCheckFailedException({ message: 'The conditional request failed', ...$metadata(400) })),
      { step: 'build', name: 'answerRefusal' },
    );
    const error: unknown = await client
      .send(new GetItemCommand({ TableName: 't-1', Key: { pk: { S: 'a' } } }))
      .catch((thrown: unknown) => thrown);
    client.destroy();
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
    expect(unavailableDependencyOf(error)).toBeNull();
  });
});
