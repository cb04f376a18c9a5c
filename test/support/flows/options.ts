/**
 * The SBC's OPTIONS keep-alive to one Teams proxy, and the proxy's 200 OK (or silence):
 *
 *   SBC → sip2.pstnhub.microsoft.com   OPTIONS sip:sip2.pstnhub.microsoft.com:5061;transport=tls
 *   Teams → SBC                        SIP/2.0 200 OK   (upper-case names, ALLOW:, SERVER: Microsoft.PSTNHub…)
 *
 * Placed on a timeline like a call (no CDR row); it feeds the peers' health, not the calls.
 */
import type { TeamsProxy } from './call-build';
import { digitsOf, hexOf } from './ids';
import type { PlacedCall, Scenario } from './scenario-types';
import { LegDialog, type SbcIdentity } from './sip-leg';

export function optionsPing(sbc: SbcIdentity, proxy: TeamsProxy, seed: string, t0: number, sessionKey: string, answered: boolean): PlacedCall {
  const callId = `${digitsOf(`${seed}:opt`, 20)}@${sbc.ip}`;
  const d = new LegDialog({
    side: 'teams',
    sbcIsUac: true,
    callId,
    ruri: `sip:${proxy.host}:5061;transport=tls`,
    uacUri: `sip:${sbc.fqdn}:5061`,
    uasUri: `sip:${proxy.host}:5061`,
    uacTag: hexOf(`${seed}:ot`, 10),
    uasTag: hexOf(`${seed}:pt`, 32),
    uacVia: `SIP/2.0/TLS ${sbc.fqdn}:5061`,
    uasVia: `SIP/2.0/TLS ${proxy.ip}:5061`,
    uacContact: `<sip:${sbc.fqdn}:5061;transport=tls>`,
    uasContact: `<sip:${proxy.host}:5061;transport=tls>`,
    sbc,
    seed,
  });
  const steps: Scenario['steps'] = [{ leg: 'teams', dir: 'out', atMs: 0, sip: d.request('sbc', 'OPTIONS') }];
  if (answered) {
    const ok = d.response('peer', 200, 'OK', { method: 'OPTIONS', extra: ['ALLOW: INVITE,ACK,OPTIONS,CANCEL,BYE,NOTIFY'] });
    steps.push({ leg: 'teams', dir: 'in', atMs: 38 + (parseInt(hexOf(seed, 2), 16) % 40), sip: ok });
  }
  const scenario: Scenario = {
    name: 'options',
    title: `OPTIONS keep-alive to ${proxy.host}`,
    from: sbc.fqdn,
    to: proxy.host,
    legs: {
      teams: {
        side: 'teams',
        callId,
        transport: 'TLS',
        remoteIn: `${proxy.ip}:5061`,
        remoteOut: `${proxy.ip}:5061`,
        local: `${sbc.ip}:5061`,
        sbcIsUac: true,
        caller: sbc.fqdn,
        callee: proxy.host,
      },
    },
    steps,
    expect: { outcome: 'in-progress', category: 'in-progress', owner: 'unknown', finalStatus: null, direction: 'unknown' },
    legCount: 1,
    transportNotes: [],
    byFormat: {},
    sbc,
  };
  return { scenario, t0, sessionKey, noCdr: true };
}
