import { checkSlackAccess } from '../../bots/slack/access';
import { checkTeamsAccess } from '../../bots/teams/access';

describe('Slack access', () => {
  const open = { channels: [], users: [] };
  const strict = { channels: ['C1'], users: ['U1'] };
  it.each([
    [open, 'U9', 'C9', false, { ok: true }],
    [strict, 'U1', 'C1', false, { ok: true }],
    [strict, 'U9', 'C1', false, { ok: false, why: 'user' }],
    [strict, 'U1', 'C9', false, { ok: false, why: 'channel' }],
    // a listed user may ask in private
    [strict, 'U1', 'D1', true, { ok: true }],
    // with only a channel list, a DM is not an allowed channel
    [{ channels: ['C1'], users: [] }, 'U9', 'D1', true, { ok: false, why: 'channel' }],
    [{ channels: [], users: ['U1'] }, 'U1', 'C9', false, { ok: true }],
  ])('%j %s in %s (dm %s) → %j', (policy, user, channel, dm, expected) => {
    expect(checkSlackAccess(policy, user, channel, dm)).toEqual(expected);
  });
});

describe('Teams access', () => {
  const p = { tenants: ['T1'], teams: ['team1'], channels: ['ch1'] };
  const where = (o: Partial<{ tenantId: string | null; teamId: string | null; channelId: string | null; conversationType: string | null }>) => ({
    tenantId: 'T1',
    teamId: 'team1',
    channelId: 'ch1',
    conversationType: 'channel',
    ...o,
  });
  it.each([
    [where({}), { ok: true }],
    [where({ tenantId: 'T2' }), { ok: false, why: 'tenant' }],
    [where({ tenantId: null }), { ok: false, why: 'tenant' }],
    [where({ teamId: 'team2' }), { ok: false, why: 'team' }],
    [where({ channelId: 'ch2' }), { ok: false, why: 'channel' }],
    [where({ conversationType: 'personal', teamId: null, channelId: null }), { ok: true }],
    [where({ conversationType: 'personal', tenantId: 'T2' }), { ok: false, why: 'tenant' }],
    [where({ conversationType: 'groupChat', teamId: null, channelId: null }), { ok: false, why: 'team' }],
  ])('%j → %j', (w, expected) => {
    expect(checkTeamsAccess(p, w)).toEqual(expected);
  });
  it('empty lists let everyone in', () => {
    expect(checkTeamsAccess({ tenants: [], teams: [], channels: [] }, where({ tenantId: null, conversationType: 'groupChat' }))).toEqual({ ok: true });
  });
});
