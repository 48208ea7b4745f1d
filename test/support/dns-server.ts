import { createSocket } from 'node:dgram';
import { Packet, createServer } from 'dns2';

/** The records one test domain has; a domain not in the zone is NXDOMAIN. */
export interface ZoneEntry {
  mx?: { exchange: string; priority: number }[];
  a?: string[];
  aaaa?: string[];
  /** Its authoritative servers are broken: the resolver answers SERVFAIL for this name only. */
  servfail?: boolean;
  /** Answers for this name are held back until release() is called: a look-up that is slow for as long as a test wants. */
  held?: boolean;
}

/**
 * answer: serves the zone (and the root's NS, which the checker asks to tell a working resolver
 * from a dead one). servfail: SERVFAIL for every question, as a resolver cut off from the
 * internet does. silent: never answers, so every query times out.
 */
export type DnsServerMode = 'answer' | 'servfail' | 'silent';

export interface TestDnsServer {
  /** For LEADBASE_DNS_SERVERS / runJobs({dnsServers}). */
  servers: string[];
  /** Every question asked, as "TYPE name", in order: to see what the cache spared. */
  queries: string[];
  /** Sends the answers held so far; later questions for a held name are held again. */
  release(): void;
  close(): Promise<void>;
}

// RFC 1035 §4.1.1 response codes (dns2 2.x types do not declare its RCODE table).
const SERVFAIL = 2;
const NXDOMAIN = 3;

const TYPE_NAMES = new Map<number, string>([
  [Packet.TYPE.A, 'A'],
  [Packet.TYPE.NS, 'NS'],
  [Packet.TYPE.MX, 'MX'],
  [Packet.TYPE.AAAA, 'AAAA'],
]);

/** A real DNS server over UDP on 127.0.0.1 and a port of its own: tests need no network. */
export async function startDnsServer(zone: Readonly<Record<string, ZoneEntry>>, mode: DnsServerMode = 'answer'): Promise<TestDnsServer> {
  const queries: string[] = [];
  let holding: (() => void)[] = [];
  const server = createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const question = request.questions[0];
      if (question === undefined) return;
      const name = question.name.toLowerCase();
      queries.push(`${TYPE_NAMES.get(question.type) ?? question.type} ${name}`);
      if (mode === 'silent') return;
      const entry = zone[name];
      if (mode === 'servfail' || entry?.servfail === true) {
        response.header.rcode = SERVFAIL;
      } else if (name === '' && question.type === Packet.TYPE.NS) {
        response.answers.push(Packet.createResourceFromQuestion(question, { type: Packet.TYPE.NS, class: Packet.CLASS.IN, ttl: 60, ns: 'a.root-servers.test' }));
      } else if (entry === undefined) {
        response.header.rcode = NXDOMAIN;
      } else if (question.type === Packet.TYPE.MX) {
        for (const mx of entry.mx ?? []) response.answers.push(Packet.createResourceFromQuestion(question, { type: Packet.TYPE.MX, class: Packet.CLASS.IN, ttl: 60, ...mx }));
      } else if (question.type === Packet.TYPE.A || question.type === Packet.TYPE.AAAA) {
        const addresses = question.type === Packet.TYPE.A ? entry.a : entry.aaaa;
        for (const address of addresses ?? []) response.answers.push(Packet.createResourceFromQuestion(question, { type: question.type, class: Packet.CLASS.IN, ttl: 60, address }));
      }
      // A name in the zone without records of the asked type: NOERROR with no answer (NODATA).
      if (entry?.held === true) holding.push(() => void send(response));
      else void send(response);
    },
  });
  const addresses = await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  const port = addresses.udp?.port;
  if (port === undefined) throw new Error('the test DNS server did not report its UDP port');
  const release = () => {
    const held = holding;
    holding = [];
    for (const answer of held) answer();
  };
  return { servers: [`127.0.0.1:${port}`], queries, release, close: () => server.close() };
}

/** A loopback UDP port nothing listens on: queries to it are refused at once (ECONNREFUSED). */
export async function closedUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}
