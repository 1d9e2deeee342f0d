import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendPage } from './html';
import { UI_ASSETS_ROUTE } from './ui-assets';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Without WEB_APP_URL, mail links point at this API: it answers them with
 * small pages that call the API (verify email, reset password) or send the
 * reader to the API's own page for the thing the mail is about.
 */
export function installMailLinkPages(fastify: FastifyInstance, swaggerEnabled: boolean): void {
  fastify.get('/verify-email', (_request, reply) =>
    sendPage(reply, {
      title: 'Verify your email address',
      scripts: [`${UI_ASSETS_ROUTE}/verify-email.js`],
      body: `<h1>Verify your email address</h1>
<p id="status">Checking your link…</p>
<noscript><p class="error">This page needs JavaScript to send your link to the API.</p></noscript>`,
    }),
  );

  fastify.get('/reset-password', (_request, reply) =>
    sendPage(reply, {
      title: 'Choose a new password',
      scripts: [`${UI_ASSETS_ROUTE}/reset-password.js`],
      body: `<h1>Choose a new password</h1>
<form id="reset-form">
<label>New password <input type="password" id="password" name="newPassword" autocomplete="new-password" required></label>
<button type="submit">Change password</button>
</form>
<p id="status"></p>
<noscript><p class="error">This page needs JavaScript to send your new password to the API.</p></noscript>`,
    }),
  );

  const redirect =
    (target: (id: string) => string) =>
    (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) =>
      UUID.test(request.params.id)
        ? reply.redirect(target(request.params.id), 302)
        : reply.callNotFound();
  // A trip is a booking (it needs the guest's token, so Swagger's page for it);
  // a listing is public, so its JSON.
  const docs = (tag: string) => (swaggerEnabled ? `/docs#/${tag}` : '/api/v1');
  fastify.get(
    '/trips/:id',
    redirect(() => docs('bookings')),
  );
  fastify.get(
    '/trips/:id/reviews',
    redirect(() => docs('reviews')),
  );
  fastify.get(
    '/listings/:id',
    redirect((id) => `/api/v1/listings/${id}`),
  );
}
