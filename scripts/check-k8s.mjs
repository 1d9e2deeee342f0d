// Validates deploy/k8s without a cluster: every object against the Kubernetes
// OpenAPI schema of `kubernetes-models` (a dev dependency), parsed with `yaml`,
// plus the rules a schema cannot express (probes on the app's real health
// routes, selectors that match, references that resolve, variables the config
// knows). Prints one problem per line and exits 1 if there is any.
//
//   node scripts/check-k8s.mjs [dir]      (run by npm run check:infra)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as models from 'kubernetes-models';
import YAML from 'yaml';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const DIR = resolve(ROOT, process.argv[2] ?? 'deploy/k8s');
const problems = [];
const fail = (msg) => problems.push(msg);

// Variables the apps read (the config class's property names).
const configSource = readFileSync(join(ROOT, 'libs/core/src/config/app-config.ts'), 'utf8');
const VARIABLES = new Set(
  [...configSource.matchAll(/^ {2}([A-Z][A-Z0-9_]+)\??[:=;\s]/gm)].map((m) => m[1]),
);
const HEALTH_PATHS = { api: ['/health/live', '/health/ready'], worker: ['/health/live'] };
const COMMANDS = ['api', 'worker', 'migrate'];

/** kubernetes-models' class for an apiVersion/kind: `apps/v1` -> models.apps.v1, `v1` -> models.v1. */
function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const ns = group
    ? models[group.replace(/\.(\w)/g, (_, c) => c.toUpperCase()).replace(/\./g, '')]
    : models;
  return ns?.[version]?.[kind];
}

const objects = [];
for (const file of readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()) {
  const docs = YAML.parseAllDocuments(readFileSync(join(DIR, file), 'utf8'), { uniqueKeys: true });
  for (const doc of docs) {
    for (const e of [...doc.errors, ...doc.warnings]) fail(`${file}: ${e.message}`);
    const obj = doc.toJS();
    if (!obj) continue;
    if (obj.kind === 'Kustomization') {
      for (const r of obj.resources ?? [])
        if (!existsSync(join(DIR, r))) fail(`${file}: resource ${r} does not exist`);
      objects.push({ file, obj, kustomization: true });
      continue;
    }
    const Model = modelFor(String(obj.apiVersion ?? ''), String(obj.kind ?? ''));
    if (!Model) {
      fail(`${file}: unknown apiVersion/kind ${obj.apiVersion}/${obj.kind}`);
      continue;
    }
    try {
      new Model(obj).validate();
    } catch (error) {
      fail(`${file}: ${obj.kind}/${obj.metadata?.name}: ${error.message}`);
    }
    objects.push({ file, obj });
  }
}

const of = (kind) => objects.filter((o) => o.obj.kind === kind);
const named = (kind, name) => of(kind).find((o) => o.obj.metadata?.name === name);
const matches = (selector, labels) =>
  Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v) &&
  Object.keys(selector ?? {}).length > 0;
const kustomization = objects.find((o) => o.kustomization);
const listed = new Set(kustomization?.obj.resources ?? []);
const imageNames = new Set((kustomization?.obj.images ?? []).map((i) => i.name));
if (!kustomization) fail('no kustomization.yaml');
const configMap = named('ConfigMap', 'airbnb-config');
const secret = named('Secret', 'airbnb-secrets');
// Production refuses to start without these, and they are secrets.
for (const key of ['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'ADMIN_BASIC_PASSWORD']) {
  if (!secret?.obj.stringData?.[key]) fail(`secret template: no ${key}`);
  if (configMap?.obj.data?.[key] !== undefined)
    fail(`configmap.yaml: ${key} is a secret, keep it out of the ConfigMap`);
}
const shutdownMs = Number(configMap?.obj.data?.SHUTDOWN_TIMEOUT_MS ?? 10000);

for (const { file, obj } of objects) {
  if (obj.kind && !['Kustomization', 'Secret'].includes(obj.kind) && !listed.has(file))
    fail(`${file}: not listed in kustomization.yaml resources`);
  for (const [key] of Object.entries({ ...obj.data, ...obj.stringData }))
    if (['ConfigMap', 'Secret'].includes(obj.kind) && !VARIABLES.has(key))
      fail(`${file}: ${key} is not a variable the apps read`);
  if (obj.kind === 'Secret' && obj.data)
    fail(`${file}: a template holds stringData placeholders, not data`);

  const podSpec =
    obj.kind === 'Deployment' || obj.kind === 'Job' ? obj.spec?.template?.spec : undefined;
  if (!podSpec) continue;
  const where = `${file}: ${obj.kind}/${obj.metadata?.name}`;
  if (
    obj.kind === 'Deployment' &&
    !matches(obj.spec.selector?.matchLabels, obj.spec.template.metadata?.labels)
  )
    fail(`${where}: selector does not match the pod template's labels`);
  if (!podSpec.securityContext?.runAsNonRoot) fail(`${where}: pods must run as non-root`);
  const graceMs = (podSpec.terminationGracePeriodSeconds ?? 30) * 1000;
  for (const c of podSpec.containers ?? []) {
    const command = c.args?.[0];
    if (!COMMANDS.includes(command))
      fail(`${where}: container ${c.name} runs "${command}", none of ${COMMANDS.join(', ')}`);
    if (!imageNames.has(c.image))
      fail(`${where}: image "${c.image}" is not set by kustomization.yaml images`);
    if (
      !c.resources?.requests?.cpu ||
      !c.resources?.requests?.memory ||
      !c.resources?.limits?.memory
    )
      fail(`${where}: container ${c.name} needs cpu/memory requests and a memory limit`);
    for (const ref of c.envFrom ?? []) {
      if (ref.configMapRef && !named('ConfigMap', ref.configMapRef.name))
        fail(`${where}: no ConfigMap ${ref.configMapRef.name}`);
      if (ref.secretRef && !named('Secret', ref.secretRef.name))
        fail(`${where}: no Secret (template) ${ref.secretRef.name}`);
    }
    for (const e of c.env ?? [])
      if (!VARIABLES.has(e.name)) fail(`${where}: env ${e.name} is not a variable the apps read`);
    if (obj.kind !== 'Deployment') continue;
    const ports = new Map((c.ports ?? []).map((p) => [p.name, p.containerPort]));
    const expectedPort = Number(
      configMap?.obj.data?.[command === 'api' ? 'PORT' : 'WORKER_HEALTH_PORT'],
    );
    if (![...ports.values()].includes(expectedPort))
      fail(`${where}: no containerPort ${expectedPort} (from the ConfigMap)`);
    for (const probe of ['readinessProbe', 'livenessProbe']) {
      const get = c[probe]?.httpGet;
      if (!get) fail(`${where}: ${c.name} has no ${probe}`);
      else {
        if (!HEALTH_PATHS[command]?.includes(get.path))
          fail(`${where}: ${probe} path ${get.path} is not a health route of the ${command}`);
        const port = typeof get.port === 'string' ? ports.get(get.port) : get.port;
        if (port !== expectedPort)
          fail(`${where}: ${probe} probes port ${get.port}, not ${expectedPort}`);
      }
    }
    if (command === 'api' && c.readinessProbe?.httpGet?.path !== '/health/ready')
      fail(`${where}: the API's readiness must be /health/ready`);
    if (graceMs <= shutdownMs)
      fail(
        `${where}: terminationGracePeriodSeconds (${graceMs / 1000}) must exceed SHUTDOWN_TIMEOUT_MS (${shutdownMs} ms)`,
      );
  }
}

for (const { file, obj } of of('Service')) {
  const target = of('Deployment').find((d) =>
    matches(obj.spec?.selector, d.obj.spec.template.metadata?.labels),
  );
  if (!target) fail(`${file}: Service ${obj.metadata.name} selects no Deployment's pods`);
  const names = (target?.obj.spec.template.spec.containers ?? []).flatMap((c) => c.ports ?? []);
  for (const p of obj.spec?.ports ?? [])
    if (target && !names.some((n) => n.name === p.targetPort || n.containerPort === p.targetPort))
      fail(
        `${file}: targetPort ${p.targetPort} is no container port of ${target.obj.metadata.name}`,
      );
}
for (const { file, obj } of of('HorizontalPodAutoscaler')) {
  const ref = obj.spec?.scaleTargetRef;
  const scaled = named(ref?.kind, ref?.name);
  if (!scaled) fail(`${file}: scales ${ref?.kind}/${ref?.name}, which does not exist`);
  else if (scaled.obj.spec?.replicas !== undefined)
    fail(
      `${scaled.file}: ${ref.name} sets replicas, which every apply would reset under the autoscaler`,
    );
  if ((obj.spec?.minReplicas ?? 1) < 2)
    fail(`${file}: minReplicas below 2 leaves no replica during a rollout or node drain`);
}
for (const { file, obj } of of('PodDisruptionBudget')) {
  if (
    !of('Deployment').some((d) =>
      matches(obj.spec?.selector?.matchLabels, d.obj.spec.template.metadata?.labels),
    )
  )
    fail(`${file}: selects no Deployment's pods`);
}
for (const kind of [
  'Deployment',
  'Job',
  'Service',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'ConfigMap',
  'Secret',
])
  if (!of(kind).length) fail(`no ${kind} in ${DIR}`);
if (
  !of('Deployment').some((d) =>
    d.obj.spec.template.spec.containers.some((c) => c.args?.[0] === 'worker'),
  )
)
  fail('no worker Deployment');
if (
  !of('Job').some((d) => d.obj.spec.template.spec.containers.some((c) => c.args?.[0] === 'migrate'))
)
  fail('no migration Job');

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`${objects.length} objects valid (kubernetes-models schemas + rules)`);
