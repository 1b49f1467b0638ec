import { WebSocketServer } from 'ws';

/**
 * The WebSocket server of the web host's events, attached by hand to its HTTP server's upgrades.
 * A module of its own so that the transport loads ws (`import()`) once it listens, not before.
 */
export function createEventSocketServer(): WebSocketServer {
  return new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
}
