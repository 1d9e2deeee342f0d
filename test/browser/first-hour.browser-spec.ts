/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestClock } from '@app/core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { QueueName } from '@app/core';
import { bearer, newAccount, register } from '../support/accounts';
import { day } from '../support/bookings';
import { eventually, startProcess } from '../support/processes';
import { startStack, type Stack } from '../support/stack';
import { isolatedStores, testEnv } from '../support/test-env';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = resolve('.ci/artifacts');
const DEMO_GUEST = { email: 'guest@demo.local', password: 'demo-password-2026' };
const OPERATOR = { username: 'operator', password: 'operator-password' };

/**
 * A newcomer's first hour in a real (headless) Chromium against a real API
 * and worker with the demo data: Swagger UI, GraphiQL, Bull Board and the
 * development mailbox. Every request to a host other than 127.0.0.1 is
 * refused and fails the test, so a CDN reference cannot hide.
 */
describe('the first hour in a real browser', () => {
  let stack: Stack;
  let browser: Browser;
  let profile: string;
  let base: string;

  beforeAll(async () => {
    const stores = await isolatedStores('browser');
    const seed = startProcess('dist/apps/cli/src/main.js', await testEnv(stores), ['seed:demo']);
    if ((await seed.exited) !== 0) throw new Error(`demo seed failed:\n${seed.output()}`);
    // No SMTP server: mails go to the development mailbox.
    stack = await startStack(new TestClock(new Date()), { ...stores, SMTP_URL: undefined });
    base = stack.api.baseUrl;
    profile = mkdtempSync(join(tmpdir(), 'abnb-chromium-'));
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      // The flag below makes it headless; puppeteer must not add its own.
      headless: false,
      userDataDir: profile,
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--window-size=1280,1000',
      ],
      defaultViewport: { width: 1280, height: 1000 },
    });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** A new tab that refuses (and records in `outside`) every request not to 127.0.0.1. */
  async function openPage(outside: string[]): Promise<Page> {
    const page = await browser.newPage();
    page.setDefaultTimeout(30000);
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1')
        return void request.continue();
      outside.push(request.url());
      return void request.abort('blockedbyclient');
    });
    return page;
  }

  /** Runs a journey in a new tab; on failure saves a screenshot for CI's artefacts. */
  async function journey(name: string, steps: (page: Page) => Promise<void>): Promise<void> {
    const outside: string[] = [];
    const page = await openPage(outside);
    try {
      await steps(page);
      expect(outside).toEqual([]);
    } catch (error) {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page
        .screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true })
        .catch(() => undefined);
      // A page that waited on a refused request fails by timeout: name the cause.
      if (outside.length > 0)
        throw new Error(`The page requested other hosts: ${outside.join(', ')}`, { cause: error });
      throw error;
    } finally {
      await page.close();
    }
  }

  /** The Swagger UI block of one operation, expanded. */
  async function operation(page: Page, method: string, path: string): Promise<ElementHandle> {
    const handle = await page.waitForFunction(
      (m: string, p: string) =>
        [...document.querySelectorAll(`.opblock.opblock-${m}`)].find((block) =>
          block.querySelector(`[data-path="${p}"]`),
        ),
      {},
      method,
      path,
    );
    const block = handle as ElementHandle;
    const summary = await block.$('.opblock-summary-control');
    await summary?.click();
    await (await block.waitForSelector('.try-out__btn'))?.click();
    return block;
  }

  async function fill(page: Page, field: ElementHandle, value: string): Promise<void> {
    await field.focus();
    await page.keyboard.down('Control');
    await page.keyboard.press('KeyA');
    await page.keyboard.up('Control');
    await page.keyboard.press('Backspace');
    await field.type(value);
  }

  /**
   * The headers a newcomer meets in Try-it-out: none a browser sends itself
   * (no user-agent row), and the optional Idempotency-Key once, which a
   * careful client fills.
   */
  async function fillHeaders(page: Page, block: ElementHandle): Promise<void> {
    expect(await block.$('tr[data-param-name="user-agent"]')).toBeNull();
    expect(await block.$('tr[data-param-name="idempotency-key"]')).toBeNull();
    const key = await block.$('tr[data-param-name="Idempotency-Key"] input');
    if (key) await fill(page, key, randomUUID());
  }

  async function execute(block: ElementHandle): Promise<{ status: string; body: string }> {
    await (await block.$('.btn.execute'))?.click();
    const status = await block.waitForSelector(
      '.live-responses-table tbody .response .response-col_status',
    );
    const body = await block.$('.live-responses-table tbody .response-col_description pre');
    return {
      status: ((await status?.evaluate((el) => el.textContent)) ?? '').trim(),
      body: (await body?.evaluate((el) => el.textContent)) ?? '',
    };
  }

  /** A demo listing the guest can book, and dates its quote accepts. */
  async function bookableStay(): Promise<{ listingId: string; checkIn: string; checkOut: string }> {
    const res = await stack.api.request('/api/v1/listings?limit=20');
    const listings = ((await res.json()) as { data: { id: string }[] }).data;
    for (const { id } of listings) {
      const checkIn = day(45);
      const checkOut = day(48);
      const quote = await stack.api.request(
        `/api/v1/listings/${id}/quote?checkIn=${checkIn}&checkOut=${checkOut}&guests=1`,
      );
      if (quote.status === 200) return { listingId: id, checkIn, checkOut };
    }
    throw new Error('no demo listing can be quoted');
  }

  it('Swagger UI: logs in with Try-it-out, authorizes with the token and books a stay (201)', async () => {
    const stay = await bookableStay();
    await journey('swagger', async (page) => {
      await page.goto(`${base}/docs`, { waitUntil: 'networkidle0' });

      const login = await operation(page, 'post', '/api/v1/auth/login');
      await fillHeaders(page, login);
      const loginBody = await login.waitForSelector('textarea.body-param__text');
      await fill(page, loginBody as ElementHandle, JSON.stringify(DEMO_GUEST));
      const loggedIn = await execute(login);
      expect(loggedIn.status).toBe('200');
      const { accessToken } = JSON.parse(loggedIn.body) as { accessToken: string };
      expect(accessToken).toEqual(expect.any(String));

      await (await page.waitForSelector('.auth-wrapper .btn.authorize'))?.click();
      const bearerBox = await page.waitForFunction(() =>
        [...document.querySelectorAll('.modal-ux .auth-container')].find((box) =>
          /bearer/i.test(box.textContent ?? ''),
        ),
      );
      const tokenInput = await (bearerBox as ElementHandle).$('input');
      await fill(page, tokenInput as ElementHandle, accessToken);
      await (await (bearerBox as ElementHandle).$('button.authorize'))?.click();
      await (await page.waitForSelector('.modal-ux button.btn-done'))?.click();

      const create = await operation(page, 'post', '/api/v1/bookings');
      await fillHeaders(page, create);
      const bookingBody = await create.waitForSelector('textarea.body-param__text');
      await fill(page, bookingBody as ElementHandle, JSON.stringify({ ...stay, guests: 1 }));
      const booked = await execute(create);
      expect({ status: booked.status, body: booked.body }).toEqual({
        status: '201',
        body: expect.stringContaining(stay.listingId),
      });
    });
  });

  it('GraphiQL: runs the default search query and shows listings', async () => {
    await journey('graphiql', async (page) => {
      await page.goto(`${base}/graphiql`, { waitUntil: 'networkidle0' });
      await (await page.waitForSelector('.graphiql-execute-button'))?.click();
      const result = await page.waitForFunction(() => {
        const text = document.querySelector('.result-window')?.textContent ?? '';
        return text.includes('"edges"') && text.includes('"title"') ? text : undefined;
      });
      expect(await result.jsonValue()).toContain('"node"');
    });
  });

  it('Bull Board: opens with operator credentials and shows the queues', async () => {
    await journey('bull-board', async (page) => {
      await page.authenticate(OPERATOR);
      await page.goto(`${base}/admin/queues`, { waitUntil: 'networkidle0' });
      await page.waitForFunction(
        (names: string[]) => names.every((name) => document.body.innerText.includes(name)),
        {},
        Object.values(QueueName),
      );
    });
  });

  it('dev mailbox: a new account verifies its email by clicking the link in its mail', async () => {
    const account = newAccount();
    const { accessToken } = await register(stack.api, account, { verified: false });
    // The worker keeps the mail shortly after the registration.
    await eventually(async () => {
      const res = await stack.api.request(
        `/api/v1/dev/mails?to=${encodeURIComponent(account.email)}`,
      );
      return ((await res.json()) as { data: unknown[] }).data.length > 0 ? true : undefined;
    }, 30000);
    await journey('mailbox', async (page) => {
      await page.goto(`${base}/dev/mailbox?to=${encodeURIComponent(account.email)}`);
      const mail = await page.waitForSelector('#mails a');
      await Promise.all([page.waitForNavigation(), mail?.click()]);
      const link = await page.waitForSelector('#mail-html a[href^="/verify-email"]');
      await Promise.all([page.waitForNavigation(), link?.click()]);
      const status = await page.waitForSelector('#status.ok');
      expect(await status?.evaluate((el) => el.textContent)).toContain('verified');
    });
    const me = await stack.api.request('/api/v1/users/me', { headers: bearer(accessToken) });
    expect(
      ((await me.json()) as { emailVerifiedAt: string | null }).emailVerifiedAt,
    ).not.toBeNull();
  });

  it('dev mailbox: a password-reset link opens a form that changes the password', async () => {
    const account = newAccount();
    await register(stack.api, account);
    const forgot = await stack.api.request('/api/v1/auth/password/forgot', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: account.email }),
    });
    expect(forgot.status).toBe(202);
    const resetMail = await eventually(async () => {
      const res = await stack.api.request(
        `/api/v1/dev/mails?to=${encodeURIComponent(account.email)}`,
      );
      const { data } = (await res.json()) as { data: { subject: string; url: string }[] };
      return data.find((mail) => /password/i.test(mail.subject));
    }, 30000);
    const newPassword = 'a brand new passphrase 77';
    await journey('reset-password', async (page) => {
      await page.goto(`${base}${resetMail.url}`);
      const link = await page.waitForSelector('#mail-html a[href^="/reset-password"]');
      await Promise.all([page.waitForNavigation(), link?.click()]);
      await (await page.waitForSelector('#password'))?.type(newPassword);
      await (await page.waitForSelector('#reset-form button[type=submit]'))?.click();
      const status = await page.waitForSelector('#status.ok');
      expect(await status?.evaluate((el) => el.textContent)).toContain('password is changed');
    });
    const login = await stack.api.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: account.email, password: newPassword }),
    });
    expect(login.status).toBe(200);
  });
});
