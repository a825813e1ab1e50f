import { RemovalPolicy, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { LinliStack } from './linli-stack.ts';

/**
 * Adds Linli's stacks to `app` and the cdk-nag AWS Solutions checks, which run as a CDK
 * validation plugin: an unacknowledged finding fails the synth.
 */
export function defineLinliApp(app: App): { production: LinliStack; dev: LinliStack } {
  const production = new LinliStack(app, 'Linli', {
    description: 'Linli backend: HTTP API, scheduled jobs, DynamoDB table',
    removalPolicy: RemovalPolicy.RETAIN,
    defaultMiniprogramState: 'formal',
  });
  const dev = new LinliStack(app, 'LinliDev', {
    description: 'Linli backend, development copy: everything is deleted with the stack',
    removalPolicy: RemovalPolicy.DESTROY,
    defaultMiniprogramState: 'developer',
  });
  // writeSuppressionsToCloudFormation: each acknowledgement and its reason also lands in the
  // template (Metadata.cdk_nag), since acknowledged findings are left out of the validation report.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));
  return { production, dev };
}
