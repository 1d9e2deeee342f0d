import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestClock } from '@app/core';
import { startApi, type RunningApi } from './support/api-server';
import { newAccount, register } from './support/accounts';
import { kindOf, references } from './support/outside-hosts';
import { eventually } from './support/processes';
import { PRODUCTION } from './support/production-env';
import { startStack, type Stack } from './support/stack';
import { OPERATOR_AUTH, testConfig } from './support/test-env';

interface KeptMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  url: string;
}

const isAsset = (path: string) => /\.(js|css|svg|png|ico|woff2?|ttf|json)(\?|$)/.test(path);

describe('pages served by the API, offline (development, no SMTP_URL)', () => {
  let stack: Stack;
  let api: RunningApi;

  beforeAll(async () => {
    // No SMTP server: the worker keeps mails in the development mailbox.
    stack = await startStack(new TestClock(new Date()), { SMTP_URL: undefined });
    api = stack.api;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  async function mailsTo(address: string): Promise<KeptMail[]> {
    const res = await api.request(`/api/v1/dev/mails?to=${encodeURIComponent(address)}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { data: KeptMail[] }).data;
  }

  async function verificationMail(): Promise<{ address: string; mail: KeptMail }> {
    const account = newAccount();
    await register(api, account);
    const [mail] = await eventually(async () => {
      const mails = await mailsTo(account.email);
      return mails.length > 0 ? mails : undefined;
    }, 30000);
    return { address: account.email, mail };
  }

  it('no page the API serves, nor any asset it loads, references another host', async () => {
    const { mail } = await verificationMail();
    const token = /token=([\w-]+)/.exec(mail.text)?.[1] ?? '';
    const pages = [
      '/docs',
      '/graphiql',
      '/admin/queues',
      '/dev/mailbox',
      mail.url,
      `/verify-email?token=${token}`,
      `/reset-password?token=${token}`,
    ];
    const seen = new Set<string>();
    const outside: string[] = [];
    const queue = [...pages];
    while (queue.length > 0) {
      const path = queue.shift() as string;
      if (seen.has(path)) continue;
      seen.add(path);
      const res = await api.request(path, {
        headers: path.startsWith('/admin/queues') ? { authorization: OPERATOR_AUTH } : {},
        redirect: 'follow',
      });
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      const kind = kindOf(res.headers.get('content-type') ?? '');
      if (!kind) continue;
      const found = references(await res.text(), res.url, kind);
      outside.push(...found.outside.map((url) => `${path} -> ${url}`));
      // Follow assets (scripts, stylesheets, fonts), not navigation links.
      queue.push(...found.local.filter(isAsset));
    }
    expect(outside).toEqual([]);
    // The crawl did reach each UI's bundle.
    const assets = [...seen];
    expect(assets).toEqual(
      expect.arrayContaining([
        '/graphiql/assets/graphiql/graphiql.min.js',
        '/graphiql/assets/react/umd/react.production.min.js',
        '/graphiql/assets/react-dom/umd/react-dom.production.min.js',
        '/graphiql/assets/graphiql/graphiql.min.css',
        '/ui/assets/verify-email.js',
      ]),
    );
    expect(assets.some((path) => path.startsWith('/docs/swagger-ui-bundle.js'))).toBe(true);
    expect(assets.some((path) => /^\/admin\/queues\/static\/js\/main\..+\.js$/.test(path))).toBe(
      true,
    );
  });

  it('the dev mailbox lists kept mails newest first and renders each with links to this server', async () => {
    const first = await verificationMail();
    const second = await verificationMail();
    expect(first.mail.subject).toBe('Confirm your email address');

    const list = await api.request('/dev/mailbox');
    expect(list.status).toBe(200);
    expect(list.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await list.text();
    const firstAt = html.indexOf(first.address);
    const secondAt = html.indexOf(second.address);
    expect(firstAt).toBeGreaterThan(-1);
    expect(secondAt).toBeGreaterThan(-1);
    expect(secondAt).toBeLessThan(firstAt);

    const all = (await (await api.request('/api/v1/dev/mails')).json()) as { data: KeptMail[] };
    const ids = all.data.map((mail) => mail.id);
    expect(ids.indexOf(second.mail.id)).toBeLessThan(ids.indexOf(first.mail.id));
    expect(await mailsTo(first.address)).toEqual([first.mail]);
    expect(await mailsTo(first.address.toUpperCase())).toEqual([first.mail]);

    const page = await api.request(first.mail.url);
    expect(page.status).toBe(200);
    const body = await page.text();
    // The mail's absolute link, made relative: it opens on the host the mailbox is on.
    expect(body).toMatch(/<a href="\/verify-email\?token=[\w-]+">/);
    expect((await api.request('/dev/mailbox/not-a-mail')).status).toBe(404);
  });

  it('a verification link opens a page that verifies the account through the API', async () => {
    const { mail } = await verificationMail();
    const link = /href="(\/verify-email\?token=[\w-]+)"/.exec(
      await (await api.request(mail.url)).text(),
    )?.[1];
    expect(link).toBeDefined();
    const page = await api.request(link as string);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<script src="/ui/assets/verify-email.js" defer></script>');
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    const script = await api.request('/ui/assets/verify-email.js');
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).toContain("'/api/v1/auth/verify-email'");
  });

  it('reset-password and trip/listing links open pages of this server', async () => {
    const reset = await api.request('/reset-password?token=abc');
    expect(reset.status).toBe(200);
    expect(await reset.text()).toContain('id="reset-form"');
    const id = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    const trip = await api.request(`/trips/${id}/reviews`, { redirect: 'manual' });
    expect(trip.status).toBe(302);
    expect(trip.headers.get('location')).toBe('/docs#/reviews');
    const listing = await api.request(`/listings/${id}`, { redirect: 'manual' });
    expect(listing.headers.get('location')).toBe(`/api/v1/listings/${id}`);
  });

  it('GET /api/v1 lists where everything is, and / redirects to the docs', async () => {
    const res = await api.request('/api/v1');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      name: expect.any(String),
      version: 'v1',
      links: {
        docs: '/docs',
        openapi: '/docs-json',
        graphql: '/graphql',
        graphiql: '/graphiql',
        health: '/health/ready',
        liveness: '/health/live',
        mailbox: '/dev/mailbox',
        mails: '/api/v1/dev/mails',
      },
    });
    const home = await api.request('/', { redirect: 'manual' });
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe('/docs');
  });
});

describe('in production', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi(await testConfig({ ...PRODUCTION, SMTP_URL: undefined }));
  });
  afterAll(async () => {
    await api?.close();
  });

  it('has no mailbox, no GraphiQL and no redirect from /: each is a 404 problem', async () => {
    for (const path of ['/', '/dev/mailbox', '/api/v1/dev/mails', '/graphiql']) {
      const res = await api.request(path, { redirect: 'manual' });
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const index = (await (await api.request('/api/v1')).json()) as { links: object };
    expect(index.links).not.toHaveProperty('mailbox');
    expect(index.links).not.toHaveProperty('graphiql');
  });
});
