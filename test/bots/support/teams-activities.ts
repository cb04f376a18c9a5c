/** Bot Framework activities as Teams sends them: personal chat, channel @mention, card submit. */
export interface ActivityOptions {
  serviceUrl: string;
  text?: string;
  value?: Record<string, unknown>;
  user?: string;
  tenant?: string;
  team?: string;
  channel?: string;
  /** personal chat unless a channel is given */
  id?: string;
}

let n = 0;

export function activity(o: ActivityOptions): Record<string, unknown> {
  n += 1;
  const tenant = o.tenant ?? 'tenant-contoso';
  const inChannel = o.channel !== undefined;
  const conversation = inChannel
    ? { id: `${o.channel};messageid=17000000${n}`, conversationType: 'channel', isGroup: true, tenantId: tenant }
    : { id: `a:1personal-${o.user ?? 'eng'}`, conversationType: 'personal', tenantId: tenant };
  return {
    type: 'message',
    id: o.id ?? `17000000${n}`,
    timestamp: new Date().toISOString(),
    serviceUrl: o.serviceUrl,
    channelId: 'msteams',
    from: { id: `29:${o.user ?? 'eng'}`, name: 'Voice Engineer', aadObjectId: `aad-${o.user ?? 'eng'}` },
    conversation,
    recipient: { id: '28:sipsleuth-bot', name: 'sipsleuth' },
    text: inChannel && o.text !== undefined ? `<at>sipsleuth</at> ${o.text}` : o.text,
    ...(o.value ? { value: o.value } : {}),
    ...(inChannel ? { entities: [{ type: 'mention', text: '<at>sipsleuth</at>', mentioned: { id: '28:sipsleuth-bot', name: 'sipsleuth' } }] } : {}),
    channelData: {
      tenant: { id: tenant },
      ...(inChannel ? { team: { id: o.team ?? '19:team-voice@thread.tacv2' }, channel: { id: o.channel } } : {}),
    },
  };
}

export async function sendActivity(url: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  await res.text();
  return res.status;
}
