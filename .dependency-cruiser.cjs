/**
 * The layer rules of functions/src, checked by `npm run lint` (and so by `npm test`).
 *
 * Domain folders form one ladder, lowest first: a folder's modules may import only folders below
 * it, so no cycle between folders can form. Route files (routes.ts, *-routes.ts) are the HTTP
 * edge of their folder: they may use http/ and any domain folder, but no domain module imports
 * http/ or a route file. Only repositories (repository.ts, *-repository.ts) and db/ talk to
 * DynamoDB through the AWS SDK.
 */
const DOMAIN_LADDER = [
  'platform',
  'db',
  'ratelimit',
  'figures',
  'config',
  'audit',
  'queues',
  'wechat',
  'wechatpay',
  'members',
  'subscriptions',
  'points',
  'care',
  'tiers',
  'orders',
  'mall',
  'member-card',
  'staff',
  'photos',
  'complaints',
  'overview',
  'insight',
  'surveys',
  'groupbuy',
  'automation',
  'risk',
  'accounts',
  'privacy',
  'jobs',
];
const SRC = '^functions/src/';
const ROUTE_FILE = '/[a-z-]*routes\\.ts$';
const TESTS = '\\.test\\.ts$';

const ladderRules = DOMAIN_LADDER.slice(0, -1).map((folder, index) => ({
  name: `layer-${folder}`,
  comment: `${folder}/ sits below ${DOMAIN_LADDER.slice(index + 1).join(', ')}: it may not import them (see the README's layer picture).`,
  severity: 'error',
  from: { path: `${SRC}${folder}/`, pathNot: [ROUTE_FILE, TESTS] },
  to: { path: `${SRC}(${DOMAIN_LADDER.slice(index + 1).join('|')})/` },
}));

module.exports = {
  forbidden: [
    ...ladderRules,
    {
      name: 'domain-knows-no-http',
      comment: 'Domain code throws DomainError codes; statuses, sessions and routes belong to http/ and route files.',
      severity: 'error',
      from: { path: `${SRC}(${DOMAIN_LADDER.join('|')})/`, pathNot: [ROUTE_FILE, TESTS] },
      to: { path: [`${SRC}http/`, ROUTE_FILE] },
    },
    {
      name: 'http-core-below-routes',
      comment: 'http/ helpers are used by route files; only http/app.ts assembles the routes.',
      severity: 'error',
      from: { path: `${SRC}http/`, pathNot: `${SRC}http/app\\.ts$` },
      to: { path: [ROUTE_FILE, `${SRC}http/app\\.ts$`, `${SRC}lambda/`] },
    },
    {
      name: 'routes-stay-in-their-area',
      comment: "A route file may use any domain folder, but not another area's route file or the app.",
      severity: 'error',
      from: { path: ROUTE_FILE },
      to: { path: [ROUTE_FILE, `${SRC}http/app\\.ts$`, `${SRC}lambda/`] },
    },
    {
      name: 'one-door-to-dynamodb',
      comment: 'Only repositories and db/ build DynamoDB commands; domain code calls a repository function per access pattern.',
      severity: 'error',
      from: { path: SRC, pathNot: [`${SRC}db/`, '/[a-z-]*repository\\.ts$', TESTS] },
      to: { path: 'node_modules/@aws-sdk/(lib-dynamodb|client-dynamodb)/' },
    },
    {
      name: 'no-circular',
      comment: 'No module imports itself back through others.',
      severity: 'error',
      from: { path: SRC },
      to: { circular: true },
    },
    {
      name: 'no-importing-reference-material',
      comment: '../shared/ beside the checkout is reference material, never product code.',
      severity: 'error',
      from: {},
      to: { path: '^\\.\\./shared/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
