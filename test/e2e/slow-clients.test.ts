/**
 * Clients that connect and then send too little, too slowly, or nothing at all: the built server
 * closes them after its configured timeouts (short here) and keeps serving everyone else. Real
 * sockets against the real process; a handful of them shows the behaviour.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { type Socket, connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../support/postgres-database.js';
import { type ServerProcess, startServerProcess, stopServerProcess } from '../support/server-process.js';

const TIMEOUT_MS = 240_000;
// Far beyond the configured timeouts (1–2 s) yet far below the old behaviour (a minute, or
// never): a socket still open after this was not closed by a timeout.
const CLOSE_WITHIN_MS = 15_000;
const TRICKLING_SOCKETS = 5;

let server: ServerProcess;
let database: TestDatabase;
// Destroyed at the end whatever happened: a socket left open would hold up the server's shutdown.
const sockets: Socket[] = [];

interface Client {
  socket: Socket;
  received(): string;
  /** Resolves with true when the server closed the connection, false if it was still open after CLOSE_WITHIN_MS. */
  closed: Promise<boolean>;
}

async function open(): Promise<Client> {
  const { port, hostname } = new URL(server.base);
  const socket = connect({ port: Number(port), host: hostname });
  sockets.push(socket);
  await once(socket, 'connect');
  let received = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
  // A reset counts as closed too: either way the server let go.
  socket.on('error', () => undefined);
  const closed = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), CLOSE_WITHIN_MS);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  return { socket, received: () => received, closed };
}

async function healthy(): Promise<void> {
  const response = await fetch(`${server.base}/healthz`);
  assert.equal(response.status, 200);
  assert.equal(((await response.json()) as { status: string }).status, 'ok');
}

before(async () => {
  database = await createTestDatabase('leadbase_slow');
  server = await startServerProcess({
    DATABASE_URL: database.url,
    LEADBASE_WORKER: 'off',
    LEADBASE_HEADERS_TIMEOUT_MS: '1000',
    LEADBASE_REQUEST_TIMEOUT_MS: '2000',
    LEADBASE_KEEP_ALIVE_TIMEOUT_MS: '1000',
  });
});

after(async () => {
  for (const socket of sockets) socket.destroy();
  if (server !== undefined) await stopServerProcess(server);
  await database?.drop();
});

describe('slow and stalled clients are cut off', () => {
  test('half a request line and then nothing: a 408 and the connection closed', { timeout: TIMEOUT_MS }, async () => {
    const client = await open();
    client.socket.write('GET /healthz HT');
    await healthy();
    assert.equal(await client.closed, true, 'the stalled connection is still open');
    assert.match(client.received(), /^HTTP\/1\.1 408 /);
    // Fastify's answer to Node's timeout, in the vendor's error body.
    assert.match(client.received(), /\r\n\r\n\{"error":"Request Timeout","message":"Client Timeout","statusCode":408\}$/);
  });

  test('headers trickling in a line at a time are cut off at the headers timeout, and others are served meanwhile', { timeout: TIMEOUT_MS }, async () => {
    const clients = await Promise.all(Array.from({ length: TRICKLING_SOCKETS }, open));
    const timers = clients.map((client, index) => {
      client.socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow-${index}: 0\r\n`);
      let line = 0;
      const timer = setInterval(() => {
        line += 1;
        if (!client.socket.destroyed && client.socket.writable) client.socket.write(`X-Trickle-${line}: ${line}\r\n`);
      }, 200);
      client.socket.once('close', () => clearInterval(timer));
      return timer;
    });
    try {
      await healthy();
      const closed = await Promise.all(clients.map((client) => client.closed));
      assert.deepEqual(closed, clients.map(() => true), 'trickling connections are still open');
    } finally {
      for (const timer of timers) clearInterval(timer);
      for (const client of clients) client.socket.destroy();
    }
    await healthy();
  });

  test('a body that never arrives is cut off at the request timeout', { timeout: TIMEOUT_MS }, async () => {
    const client = await open();
    client.socket.write('POST /api/v2/lead-lists HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"name":');
    const timer = setInterval(() => {
      if (!client.socket.destroyed && client.socket.writable) client.socket.write(' ');
    }, 200);
    try {
      assert.equal(await client.closed, true, 'the connection with the unfinished body is still open');
    } finally {
      clearInterval(timer);
    }
    await healthy();
  });

  test('an idle kept-alive connection is closed after the keep-alive timeout, having been served', { timeout: TIMEOUT_MS }, async () => {
    const client = await open();
    client.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    assert.equal(await client.closed, true, 'the idle connection is still open');
    assert.match(client.received(), /^HTTP\/1\.1 200 /);
    assert.match(client.received(), /^x-request-id: \S+\r$/im);
  });
});
