import pg from 'pg';
import { JOB_CHANNEL } from './job-queue-repository.js';

export interface JobListener {
  close(): Promise<void>;
}

interface ListenerLog {
  warn(details: object, message: string): void;
}

const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 5_000;

/**
 * LISTENs for new jobs on a dedicated connection (a pooled one would be handed to queries and
 * lose its LISTEN), so a job enqueued through any instance wakes this one's worker at once. A
 * dropped connection is made again with back-off; on every (re)connect `onJob` runs once, since
 * notifications sent while nobody listened are lost.
 */
export function listenForJobs(connectionString: string, onJob: () => void, log: ListenerLog): JobListener {
  let closed = false;
  let current: pg.Client | null = null;
  let retryMs = FIRST_RETRY_MS;
  let timer: NodeJS.Timeout | null = null;

  const scheduleConnect = () => {
    if (closed || timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, retryMs);
    retryMs = Math.min(LAST_RETRY_MS, retryMs * 2);
  };

  const connect = async () => {
    const client = new pg.Client({ connectionString });
    let lost = false;
    const drop = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (current === client) current = null;
      if (!closed) log.warn({ err: error }, 'lost the connection that listens for new background jobs; connecting again');
      client.end().catch(() => undefined);
      scheduleConnect();
    };
    client.on('error', drop);
    client.on('end', () => drop());
    client.on('notification', () => onJob());
    try {
      await client.connect();
      await client.query(`LISTEN ${JOB_CHANNEL}`);
    } catch (error) {
      drop(error instanceof Error ? error : undefined);
      return;
    }
    if (closed || lost) {
      await client.end().catch(() => undefined);
      return;
    }
    current = client;
    retryMs = FIRST_RETRY_MS;
    onJob();
  };

  void connect();
  return {
    async close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      const client = current;
      current = null;
      await client?.end().catch(() => undefined);
    },
  };
}
