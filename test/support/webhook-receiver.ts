import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature, SIGNATURE_HEADER, type SignatureCheck } from '../../main/backend/webhooks/webhook-signature';

interface ReceivedDelivery {
  readonly eventId: string;
  readonly eventType: string;
  readonly attempt: number;
  readonly body: string;
  readonly event: { id: string; type: string; [k: string]: unknown };
  readonly signature: SignatureCheck;
}

/** How the receiver answers: 2xx, an error status, or never (the request hangs). */
type ReceiverMode = { readonly kind: 'ok' } | { readonly kind: 'status'; readonly status: number } | { readonly kind: 'hang' };

export interface WebhookReceiver {
  readonly url: string;
  /** Acknowledged (2xx) deliveries only, in arrival order. */
  readonly accepted: ReceivedDelivery[];
  /** Every request, whatever it was answered. */
  readonly requests: ReceivedDelivery[];
  mode: ReceiverMode;
  /** How many times each event id was acknowledged. */
  acceptedCount(eventId: string): number;
  close(): Promise<void>;
}

/**
 * A real HTTP receiver on loopback, as a customer would write it: it checks the signature with
 * the documented recipe (timestamp within tolerance, HMAC over `t.body`) before acknowledging.
 */
export async function startWebhookReceiver(secret: string, clock: () => Date = () => new Date()): Promise<WebhookReceiver> {
  const hanging = new Set<ServerResponse>();
  const self: WebhookReceiver = {
    url: '',
    accepted: [],
    requests: [],
    mode: { kind: 'ok' },
    acceptedCount: (id) => self.accepted.filter((d) => d.eventId === id).length,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const delivery: ReceivedDelivery = {
        eventId: String(req.headers['keyhaven-event-id']),
        eventType: String(req.headers['keyhaven-event-type']),
        attempt: Number(req.headers['keyhaven-delivery-attempt']),
        body,
        event: JSON.parse(body) as ReceivedDelivery['event'],
        signature: verifyWebhookSignature(secret, req.headers[SIGNATURE_HEADER] as string | undefined, body, clock()),
      };
      self.requests.push(delivery);
      const mode = self.mode;
      if (mode.kind === 'hang') {
        hanging.add(res);
        return;
      }
      if (mode.kind === 'status') {
        res.writeHead(mode.status).end();
        return;
      }
      if (!delivery.signature.ok) {
        res.writeHead(401).end();
        return;
      }
      self.accepted.push(delivery);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (self as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/keyhaven`;
  return self;
}
