/**
 * Who may ask the Teams bot (TEAMS_ALLOWED_TENANTS, TEAMS_ALLOWED_TEAMS, TEAMS_ALLOWED_CHANNELS;
 * empty = everyone): the tenant must be listed when there is a tenant list, for every
 * conversation. In a team channel, the team and the channel must be listed when there are such
 * lists; a group chat is refused when either list is set (it is neither). A personal chat needs
 * only the tenant. Pure.
 */
export interface TeamsAccessPolicy {
  tenants: readonly string[];
  teams: readonly string[];
  channels: readonly string[];
}

export interface TeamsWhere {
  tenantId: string | null;
  teamId: string | null;
  channelId: string | null;
  /** `personal`, `channel`, `groupChat` */
  conversationType: string | null;
}

export type TeamsAccess = { ok: true } | { ok: false; why: 'tenant' | 'team' | 'channel' };

export function checkTeamsAccess(p: TeamsAccessPolicy, w: TeamsWhere): TeamsAccess {
  if (p.tenants.length > 0 && (w.tenantId === null || !p.tenants.includes(w.tenantId))) {
    return { ok: false, why: 'tenant' };
  }
  if (w.conversationType === 'personal') {
    return { ok: true };
  }
  if (p.teams.length > 0 && (w.teamId === null || !p.teams.includes(w.teamId))) {
    return { ok: false, why: 'team' };
  }
  if (p.channels.length > 0 && (w.channelId === null || !p.channels.includes(w.channelId))) {
    return { ok: false, why: 'channel' };
  }
  return { ok: true };
}

export const TEAMS_REFUSAL: Record<'tenant' | 'team' | 'channel', string> = {
  tenant: "Sorry, I only answer people of the organisations my administrators listed.",
  team: 'Sorry, I only answer in the teams my administrators chose. Ask me in one of those, or in a personal chat.',
  channel: 'Sorry, I only answer in the channels my administrators chose. Ask me in one of those, or in a personal chat.',
};
