import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One config, several projects: node tests share one DynamoDB Local and one SQS server started by the global setups;
// the weapp test runs the WeChat build in miniprogram-simulate under jsdom; the browser test
// drives the H5 build in Chromium.
/** Tests that replace modules with vi.mock: a module graph shared with other files would see their mocks. */
const MOCKING_FILES = ['miniapp/src/api/contract.test.ts', 'miniapp/src/api/http.test.ts'];

export default defineConfig({
  // The mini-program's `@/…` imports (tsconfig.json's paths; Taro's alias in miniapp/config).
  resolve: { alias: [{ find: /^@\//, replacement: `${fileURLToPath(new URL('./miniapp/src/', import.meta.url))}` }] },
  test: {
    // Node 20 here; the SDK's notice about its future Node 22 floor would only add noise.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'shared/**/*.test.ts',
            'miniapp/src/**/*.test.ts',
            'functions/**/*.test.ts',
            'dev/**/*.test.ts',
            'infra/**/*.test.ts',
            'test/api/**/*.test.ts',
            'test/architecture/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**', ...MOCKING_FILES],
          // One module graph per worker for all these files: the app, the AWS SDK and zod are loaded once
          // per worker instead of once per file (import time 240 s → 17 s). Files that mock modules run
          // isolated, in the project below.
          isolate: false,
          // Two files at a time: while one waits on DynamoDB Local, the other runs. On 2 cores the node
          // files take 5 minutes this way instead of 10. Projects with their own worker count run one
          // after another (groupOrder).
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
          globalSetup: ['test/support/dynamodb-global-setup.ts', 'test/support/sqs-global-setup.ts'],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: { name: 'node-isolated', environment: 'node', include: [...MOCKING_FILES], testTimeout: 20_000, sequence: { groupOrder: 1 } },
      },
      {
        extends: true,
        test: {
          name: 'weapp',
          environment: 'jsdom',
          // One jsdom and module graph for all the files (each test loads its pages afresh): 140 s instead of 209 s.
          isolate: false,
          sequence: { groupOrder: 2 },
          // Loads miniapp/dist (run `npm run build:weapp` first) into miniprogram-simulate.
          include: ['test/weapp/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          sequence: { groupOrder: 3 },
          // Drives miniapp/dist-h5 (run `npm run build:h5` first) in Debian's Chromium.
          include: ['test/e2e/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          // One DynamoDB Local for all the files (each stack makes its own table in it): a JVM start saved per file.
          globalSetup: ['test/support/dynamodb-global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
