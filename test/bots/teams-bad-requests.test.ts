/**
 * The Teams endpoint on requests that are not activities: a body that is not JSON, over the
 * limit, or JSON that is no activity gets a short JSON error (4xx) and a log line, never express's
 * HTML page with a stack trace or a 500; a good activity after them is still answered.
 */
import { createTeamsBot, type TeamsBot } from '../../bots/teams';
import { MemoryLogger } from '../../src/log/logger';
import { MemoryCallStore } from '../../src/store/memory-store';
import { ASK_NOW, fillStore } from '../ask/support/stored-calls';
import { serve, type TestServer } from './support/bot-server';
import { startFakeConnector, type FakeConnector } from './support/fake-connector';
import { activity, sendActivity } from './support/teams-activities';

let connector: FakeConnector;
let bot: TeamsBot;
let server: TestServer;
let url: string;
const logger = new MemoryLogger();

beforeAll(async () => {
  connector = await startFakeConnector();
  const store = new MemoryCallStore();
  await fillStore(store);
  bot = createTeamsBot({ allowUnauthenticated: true, store, tz: 'UTC', logger, clock: () => ASK_NOW });
  server = await serve([bot.mount]);
  await bot.start();
  url = `${server.url}/api/messages`;
});

afterAll(async () => {
  await bot.stop();
  await server.close();
  await connector.close();
});

async function post(body: string): Promise<{ status: number; type: string | null; body: string }> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: r.status, type: r.headers.get('content-type'), body: await r.text() };
}

describe('Teams endpoint on bad requests', () => {
  test.each([
    ['a body cut short', '{"type":"message","text":', 400, 'the request body is not valid JSON', 'teams request refused'],
    ['binary bytes', '\u0000\u0001\u0002\u00ff', 400, 'the request body is not valid JSON', 'teams request refused'],
    ['a body over 1 MB', JSON.stringify({ type: 'message', text: 'x'.repeat(1_100_000) }), 413, 'the request body is larger than 1 MB', 'teams request refused'],
    ['JSON that is no activity', '{}', 400, 'not a valid Bot Framework activity', 'teams request refused: not a valid activity'],
  ])('%s: a 4xx with a JSON error, logged', async (_name, body, status, error, logged) => {
    const before = logger.lines.length;
    const r = await post(body);
    expect(r.status).toBe(status);
    expect(r.type).toMatch(/^application\/json/);
    expect(JSON.parse(r.body)).toEqual({ error });
    expect(r.body).not.toContain(' at ');
    expect(logger.lines.slice(before).filter((l) => l.level === 'warn' && l.msg === logged)).toHaveLength(1);
  });

  test('a good activity after them is answered', async () => {
    const before = connector.posted.length;
    expect(await sendActivity(url, activity({ serviceUrl: connector.serviceUrl, text: 'status' }))).toBe(200);
    expect(await connector.waitFor(before + 1)).toHaveLength(before + 1);
  });
});
