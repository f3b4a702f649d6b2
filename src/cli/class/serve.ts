import { createServer, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { requireRoster } from '../../nodes/lab/roster.js';
import type { RoomSnapshot } from '../../report/room.js';
import { renderRoomPage } from '../../report/room-page.js';
import { roomSnapshot } from './room.js';

export interface ServeOptions {
  port: number;
  host: string;
  intervalMs: number;
  scenario?: string;
}

/**
 * Serves the trainer's page on loopback: `/` the page, `/status.json` the latest snapshot,
 * `/events` server-sent events, one per new snapshot. Snapshots are taken one after another
 * (never overlapping), every `intervalMs`. Resolves with the address once listening; the loop
 * runs until the process ends.
 */
export async function serveRoom(className: string, options: ServeOptions): Promise<{ url: string; close: () => void }> {
  let latest: RoomSnapshot = await roomSnapshot(requireRoster(className), options.scenario);
  const clients = new Set<ServerResponse>();
  let closed = false;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(renderRoomPage(latest));
    } else if (path === '/status.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(latest));
    } else if (path === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(`data: ${JSON.stringify(latest)}\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  void (async () => {
    while (!closed) {
      await sleep(options.intervalMs);
      if (closed) break;
      try {
        latest = await roomSnapshot(requireRoster(className), options.scenario);
      } catch (error) {
        process.stderr.write(`lab class serve: ${(error as Error).message}\n`);
        continue;
      }
      for (const c of clients) c.write(`data: ${JSON.stringify(latest)}\n\n`);
    }
  })();
  const address = server.address() as { port: number };
  return {
    url: `http://${options.host}:${address.port}/`,
    close: () => {
      closed = true;
      for (const c of clients) c.end();
      server.close();
    },
  };
}
