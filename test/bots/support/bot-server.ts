/** An express app on an ephemeral port with the bots' routes mounted, as the service runs them. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

export async function serve(mounts: Array<(app: Express) => void>): Promise<TestServer> {
  const app = express();
  for (const m of mounts) {
    m(app);
  }
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
