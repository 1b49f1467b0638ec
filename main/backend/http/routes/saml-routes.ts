import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { API } from '../../../api/api';
import { AppError } from '../../../errors/app-error';
import { findConnection, type SamlConnection } from '../../config/tenant-config';
import type { SamlSignIn } from '../../sso/saml-sign-in';
import type { BackendContext } from '../backend-context';
import { toAppError } from '../error-handling';
import { handoverPage } from '../../sso/handover-page';
import { htmlPage } from '../html-page';
import { route } from '../route';

const acsForm = z.object({ SAMLResponse: z.string().min(1).max(200_000), RelayState: z.string().max(1024).optional() });

function samlConnection(ctx: BackendContext, id: string): SamlConnection {
  const c = findConnection(ctx.config, id);
  if (!c || c.type !== 'saml') throw new AppError('not_found', 'No such SAML connection.');
  return c;
}

export function registerSamlRoutes(app: FastifyInstance, ctx: BackendContext, saml: SamlSignIn): void {
  route(app, API.sso.spMetadata, async (req, reply) => {
    const xml = await saml.metadataXml(samlConnection(ctx, (req.params as { id: string }).id));
    return reply.type('application/samlmetadata+xml; charset=utf-8').send(xml);
  });

  // A browser posts here (HTTP-POST binding): answer HTML, with the reason code on failure.
  app.post<{ Params: { id: string } }>('/sso/saml/:id/acs', async (req, reply) => {
    try {
      const form = acsForm.safeParse(req.body);
      if (!form.success) throw new AppError('bad_request', 'The form must carry a SAMLResponse.');
      samlConnection(ctx, req.params.id);
      // The browser is not the app: a session made here would reach nobody. The app gets a
      // one-time handover code instead (a keyhaven:// link) and asks the person to confirm.
      const offer = await ctx.signIn.handoverSaml({
        connectionId: req.params.id,
        samlResponse: form.data.SAMLResponse,
        relayState: form.data.RelayState,
        browser: { origin: req.headers.origin, referer: req.headers.referer },
        clientIp: req.ip,
      });
      return sendHtml(reply, 200, handoverPage(offer));
    } catch (err) {
      const e = toAppError(err);
      if (e.code === 'internal') ctx.logger.error({ err }, 'SAML ACS failed');
      return sendHtml(reply, e.status, htmlPage('Sign-in failed', `${e.publicMessage} (error: ${e.code})`, e.code));
    }
  });
}

function sendHtml(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply
    .status(status)
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(html);
}
