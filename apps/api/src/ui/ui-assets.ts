/**
 * The small stylesheet and scripts of the server-rendered pages, served from
 * /ui/assets/ (same origin, so a strict CSP allows them and no CDN is needed).
 * Kept as strings so the build has no extra files to copy.
 */
export const UI_ASSETS_ROUTE = '/ui/assets';

const PAGES_CSS = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto; max-width: 52rem; padding: 0 1rem; color: #1f2328; line-height: 1.5; }
h1 { font-size: 1.5rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #d0d7de; vertical-align: top; }
.muted { color: #656d76; font-size: .9rem; }
.mail { border: 1px solid #d0d7de; border-radius: 6px; padding: 1rem; margin: 1rem 0; }
pre { white-space: pre-wrap; background: #f6f8fa; padding: .75rem; border-radius: 6px; }
form label { display: block; margin: .5rem 0; }
input[type=password], input[type=email] { padding: .4rem; width: 20rem; max-width: 100%; }
button { padding: .4rem 1rem; }
.ok { color: #1a7f37; }
.error { color: #cf222e; }
.graphiql-page { position: fixed; inset: 0; }
`;

/** Shared by the link pages: posts JSON to the API and shows its answer in #status. */
const LINK_PAGE_COMMON = `
function showStatus(kind, message) {
  var el = document.getElementById('status');
  el.className = kind;
  el.textContent = message;
}
function tokenFromUrl() {
  return new URLSearchParams(window.location.search).get('token') || '';
}
async function postJson(path, body) {
  var res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.ok) return { ok: true };
  var problem = {};
  try { problem = await res.json(); } catch (e) { /* not JSON */ }
  var details = (problem.errors || []).map(function (e) { return (e.field ? e.field + ': ' : '') + e.message; }).filter(Boolean);
  return { ok: false, message: [problem.detail || problem.title || ('HTTP ' + res.status)].concat(details).join(' ') };
}
`;

const VERIFY_EMAIL_JS = `${LINK_PAGE_COMMON}
(async function () {
  var token = tokenFromUrl();
  if (!token) return showStatus('error', 'This link has no token. Open the link from the email again.');
  var result = await postJson('/api/v1/auth/verify-email', { token: token });
  if (result.ok) showStatus('ok', 'Your email address is verified. You can close this page.');
  else showStatus('error', 'Your email address could not be verified: ' + result.message);
})();
`;

const RESET_PASSWORD_JS = `${LINK_PAGE_COMMON}
document.getElementById('reset-form').addEventListener('submit', async function (event) {
  event.preventDefault();
  var token = tokenFromUrl();
  if (!token) return showStatus('error', 'This link has no token. Open the link from the email again.');
  var password = document.getElementById('password').value;
  var result = await postJson('/api/v1/auth/password/reset', { token: token, newPassword: password });
  if (result.ok) {
    document.getElementById('reset-form').hidden = true;
    showStatus('ok', 'Your password is changed. Sign in with the new one.');
  } else {
    showStatus('error', 'Your password was not changed: ' + result.message);
  }
});
`;

const GRAPHIQL_START_JS = `
(function () {
  var defaultQuery = [
    '# Published listings, five at a time. Press the run button (or Ctrl+Enter).',
    '#',
    '# To act as a user: run the login mutation, then open "Headers" below and paste',
    '#   { "Authorization": "Bearer <accessToken>" }',
    'query SearchListings {',
    '  listings(first: 5) {',
    '    edges {',
    '      node {',
    '        id',
    '        title',
    '      }',
    '    }',
    '  }',
    '}',
    '',
  ].join('\\n');
  var fetcher = GraphiQL.createFetcher({ url: new URL('/graphql', window.location.href).href });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: defaultQuery,
      isHeadersEditorEnabled: true,
      defaultEditorToolsVisibility: 'headers',
    }),
  );
})();
`;

export const UI_ASSETS: Readonly<Record<string, { type: string; body: string }>> = {
  'pages.css': { type: 'text/css; charset=utf-8', body: PAGES_CSS },
  'verify-email.js': { type: 'text/javascript; charset=utf-8', body: VERIFY_EMAIL_JS },
  'reset-password.js': { type: 'text/javascript; charset=utf-8', body: RESET_PASSWORD_JS },
  'graphiql-start.js': { type: 'text/javascript; charset=utf-8', body: GRAPHIQL_START_JS },
};
