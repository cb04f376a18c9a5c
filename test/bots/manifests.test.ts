import fs from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): [number, number] {
  const b = fs.readFileSync(file);
  expect(b.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe('app manifests match what the bots do', () => {
  it('Slack: /sipsleuth, the events and scopes the listeners need, all on /slack/events', () => {
    const m = fs.readFileSync(path.join(root, 'slack-app-manifest.yml'), 'utf8');
    expect(m).toMatch(/- command: \/sipsleuth\n/);
    const urls = [...m.matchAll(/(?:url|request_url): (\S+)/g)].map((x) => x[1]);
    expect(urls).toHaveLength(3);
    for (const u of urls) {
      expect(u).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    }
    for (const e of ['app_home_opened', 'app_mention', 'message.im']) {
      expect(m).toContain(`      - ${e}\n`);
    }
    for (const s of ['app_mentions:read', 'chat:write', 'commands', 'files:write', 'im:history']) {
      expect(m).toContain(`      - ${s}\n`);
    }
    expect(m).toMatch(/home_tab_enabled: true/);
    expect(m).toMatch(/interactivity:\n\s+is_enabled: true/);
  });

  it('Teams: one bot with the app id, personal and team scopes, icons of the required sizes', () => {
    const m = JSON.parse(fs.readFileSync(path.join(root, 'teams-app', 'manifest.json'), 'utf8')) as {
      id: string;
      manifestVersion: string;
      icons: { color: string; outline: string };
      bots: Array<{ botId: string; scopes: string[]; commandLists: Array<{ commands: Array<{ title: string }> }> }>;
    };
    expect(m.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(m.bots).toHaveLength(1);
    expect(m.bots[0].botId).toBe(m.id);
    expect(m.bots[0].scopes).toEqual(expect.arrayContaining(['personal', 'team']));
    expect(m.bots[0].commandLists[0].commands.map((c) => c.title)).toEqual(expect.arrayContaining(['why', 'status', 'subscribe', 'help']));
    expect(pngSize(path.join(root, 'teams-app', m.icons.color))).toEqual([192, 192]);
    expect(pngSize(path.join(root, 'teams-app', m.icons.outline))).toEqual([32, 32]);
  });
});
