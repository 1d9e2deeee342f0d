import type { AppConfig } from '@app/core';
import type { DevMailbox, DevMailView } from '@app/notifications';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { escapeHtml, sendPage } from './html';

export const DEV_MAILBOX_ROUTE = '/dev/mailbox';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Links in mails are absolute, built from PUBLIC_URL/WEB_APP_URL; when they
 * point at this API, the mailbox makes them relative so they open on the host
 * and port the mailbox itself was opened on.
 */
function localizeLinks(html: string, config: AppConfig): string {
  if (config.env.WEB_APP_URL) return html;
  const origin = new URL(config.webAppUrl).origin;
  return html.split(`href="${escapeHtml(origin)}/`).join('href="/');
}

function mailBody(html: string): string {
  const match = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html);
  return match ? match[1] : html;
}

function listPage(mails: DevMailView[], to: string | undefined): string {
  const rows = mails
    .map(
      (mail) => `<tr>
<td class="muted">${escapeHtml(mail.sentAt.replace('T', ' ').slice(0, 19))}</td>
<td>${escapeHtml(mail.to)}</td>
<td><a href="${DEV_MAILBOX_ROUTE}/${mail.id}">${escapeHtml(mail.subject)}</a></td>
</tr>`,
    )
    .join('\n');
  return `<h1>Development mailbox</h1>
<p class="muted">Mails the worker would have sent (no SMTP_URL is set), newest first. As JSON: <a href="/api/v1/dev/mails">/api/v1/dev/mails</a>.</p>
<form method="get" action="${DEV_MAILBOX_ROUTE}">
<label>Recipient <input type="email" name="to" value="${escapeHtml(to ?? '')}"></label>
<button type="submit">Filter</button>
</form>
${
  mails.length === 0
    ? '<p id="empty">No mail yet.</p>'
    : `<table id="mails"><thead><tr><th>Sent (UTC)</th><th>To</th><th>Subject</th></tr></thead>
<tbody>
${rows}
</tbody></table>`
}`;
}

function mailPage(mail: DevMailView, config: AppConfig): string {
  return `<p><a href="${DEV_MAILBOX_ROUTE}">← All mails</a></p>
<h1>${escapeHtml(mail.subject)}</h1>
<p class="muted">To ${escapeHtml(mail.to)} · ${escapeHtml(mail.sentAt)} · ${escapeHtml(mail.messageId)}</p>
<div class="mail" id="mail-html">
${localizeLinks(mailBody(mail.html), config)}
</div>
<h2>Text version</h2>
<pre>${escapeHtml(mail.text)}</pre>`;
}

/** /dev/mailbox: the kept mails as HTML, each rendered with its links clickable. */
export function installDevMailboxPages(
  fastify: FastifyInstance,
  config: AppConfig,
  mailbox: DevMailbox,
): void {
  fastify.get(
    DEV_MAILBOX_ROUTE,
    async (request: FastifyRequest<{ Querystring: { to?: string } }>, reply: FastifyReply) => {
      const to = typeof request.query.to === 'string' ? request.query.to.trim() : '';
      const mails = await mailbox.list({ to: to || undefined });
      return sendPage(reply, { title: 'Development mailbox', body: listPage(mails, to) });
    },
  );
  fastify.get(
    `${DEV_MAILBOX_ROUTE}/:id`,
    async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
      const mail = UUID.test(request.params.id) ? await mailbox.find(request.params.id) : undefined;
      if (!mail) return reply.callNotFound();
      return sendPage(reply, { title: mail.subject, body: mailPage(mail, config) });
    },
  );
}
