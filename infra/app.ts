import { App } from 'aws-cdk-lib';
import { defineLinliApp } from './linli-app.ts';

defineLinliApp(new App());
