import { callDirection, classifyPeer } from '../../src/calls/peer';
import type { CallMessage, Leg } from '../../src/calls/call';
import { parseSip } from '../../src/sip/parser';
import { invite, request, response, type MsgParams } from './support/sip-builders';
import { PSTNHUB_UA } from './support/flows';

function msg(raw: string, direction: 'in' | 'out' | null, remote?: string): CallMessage {
  const r = parseSip(raw);
  if (!r.ok) {
    throw new Error(r.why);
  }
  const m: CallMessage = { sip: r.message, raw, where: 't:1', time: 0, direction, order: 1, retransmission: false };
  if (remote) {
    m.remote = remote;
  }
  return m;
}

const p: MsgParams = { callId: 'p1', from: '+49305550101', to: '+49407770101' };

describe('classifyPeer', () => {
  it('when the AudioCodes interface is named for Teams, then the leg is teams', () => {
    expect(classifyPeer({ iface: 'MS-Teams-IF', remote: '10.0.0.1:5060', messages: [] })).toBe('teams');
  });

  it('when the remote is a Microsoft signalling IP, then the leg is teams', () => {
    expect(classifyPeer({ remote: '52.114.75.24:5061', messages: [] })).toBe('teams');
    expect(classifyPeer({ remote: '52.127.64.33:5061', messages: [] })).toBe('teams');
  });

  it('when the peer answers with the Microsoft SIP proxy Server header, then the leg is teams', () => {
    const m = msg(response(200, { ...p, userAgent: PSTNHUB_UA, toTag: 'x' }), 'in', '192.0.2.1:5061');
    expect(classifyPeer({ remote: '192.0.2.1:5061', messages: [m] })).toBe('teams');
  });

  it('when a request from the peer carries a pstnhub Record-Route, then the leg is teams', () => {
    const raw = invite({ ...p, headers: ['Record-Route: <sip:10.0.0.5;lr>, <sip:sip-du-a-us.pstnhub.microsoft.com:5061;transport=tls;lr>'] });
    expect(classifyPeer({ remote: '192.0.2.1:5061', messages: [msg(raw, 'in')] })).toBe('teams');
  });

  it('when the SBC addresses the peer as sip.pstnhub.microsoft.com, then the leg is teams', () => {
    const raw = invite({ ...p, toHost: 'sip.pstnhub.microsoft.com' });
    expect(classifyPeer({ messages: [msg(raw, 'out')] })).toBe('teams');
  });

  it('when only the SBC copied a Teams From host onto the carrier leg, then the leg is carrier', () => {
    const raw = invite({ ...p, fromHost: 'sip.pstnhub.microsoft.com', toHost: 'carrier.example.net' });
    expect(classifyPeer({ remote: '203.0.113.5:5060', messages: [msg(raw, 'out')] })).toBe('carrier');
  });

  it('when the log does not say who sent a message, then a Teams host anywhere counts', () => {
    const raw = request('BYE', { ...p, fromHost: 'sip.pstnhub.microsoft.com', toTag: 't' });
    expect(classifyPeer({ messages: [msg(raw, null)] })).toBe('teams');
  });

  it('when nothing says where the leg goes, then it is unknown', () => {
    expect(classifyPeer({ messages: [msg(invite(p), null)] })).toBe('unknown');
  });
});

describe('callDirection', () => {
  const leg = (peer: Leg['peer'], initiator: Leg['initiator']): Leg => ({
    callId: 'x',
    peer,
    initiator,
    messages: [],
    finalStatus: null,
    start: null,
    answer: null,
    end: null,
    ended: false,
  });

  it('when Teams sent the INVITE to the SBC, then a Teams user calls out', () => {
    expect(callDirection([leg('carrier', 'out'), leg('teams', 'in')])).toBe('outbound');
  });

  it('when the SBC sent the INVITE to Teams, then the call is inbound', () => {
    expect(callDirection([leg('carrier', 'in'), leg('teams', 'out')])).toBe('inbound');
  });

  it('when no leg talks to Teams, then the direction is unknown', () => {
    expect(callDirection([leg('carrier', 'in'), leg('unknown', 'out')])).toBe('unknown');
  });
});
