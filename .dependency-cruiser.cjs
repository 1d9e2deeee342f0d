/** Import rules checked by `npm run depcheck` (and CI). */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make load order fragile.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'api-and-worker-are-separate',
      severity: 'error',
      comment: 'The worker never loads HTTP/GraphQL code, and the API never loads processors.',
      from: { path: '^apps/worker/' },
      to: { path: '^apps/api/' },
    },
    {
      name: 'api-does-not-load-worker',
      severity: 'error',
      from: { path: '^apps/api/' },
      to: { path: '^apps/worker/' },
    },
    {
      name: 'core-is-the-bottom',
      severity: 'error',
      comment: 'core depends on no domain lib.',
      from: { path: '^libs/core/' },
      to: { path: '^libs/(?!core/)' },
    },
    {
      name: 'booking-rules-are-pure',
      severity: 'error',
      comment:
        'Pricing, refunds, payouts and the state machine do no I/O: core and each other only.',
      from: {
        path: '^libs/bookings/src/(booking-pricing|cancellation-policy|booking-state-machine|local-date|host-payout)[.]ts$',
      },
      to: { path: '^(node_modules|libs/(?!core/|bookings/))' },
    },
    {
      name: 'payments-on-core-only',
      severity: 'error',
      comment:
        'The payment providers sit under bookings: core and the Stripe SDK, no other domain lib.',
      from: { path: '^libs/payments/' },
      to: { path: '^libs/(?!core/|payments/)' },
    },
    { name: 'not-to-test', severity: 'error', from: { pathNot: '^test/' }, to: { path: '^test/' } },
    { name: 'not-to-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      mainFields: ['module', 'main'],
    },
  },
};
