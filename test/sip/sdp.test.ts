import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSdp, commonCodecs, isHold, type SdpSummary } from '../../src/sip/sdp';

const fixture = (name: string): string => readFileSync(join(__dirname, '../fixtures/sip', name), 'utf8');

function sdp(text: string): SdpSummary {
  const s = analyzeSdp(text);
  if (!s) {
    throw new Error('expected an SDP summary');
  }
  return s;
}

const answer = (lines: string[]): string =>
  ['v=0', 'o=SBC 1 2 IN IP4 198.51.100.10', 's=-', 'c=IN IP4 198.51.100.10', 't=0 0', ...lines, ''].join('\r\n');

describe('analyzeSdp', () => {
  it('when given a Teams-style offer, then media, codecs, crypto and ICE are summarised', () => {
    const s = sdp(fixture('sdp-teams-offer-assembled.sdp'));
    expect(s.origin).toEqual({ username: '-', sessionId: '1', version: '0', address: '52.115.16.74' });
    expect(s.connection).toBe('52.115.16.74');
    expect(s.iceLite).toBe(false);
    expect(s.privateAddresses).toEqual([]);
    expect(s.bandwidth).toEqual(['CT:10000000']);
    expect(s.media).toHaveLength(1);
    const m = s.media[0];
    expect(m).toMatchObject({ type: 'audio', port: 52166, proto: 'RTP/SAVP', direction: 'sendrecv', ptime: 20 });
    expect(m.codecs.map((c) => `${c.pt}:${c.name}/${c.rate}`)).toEqual([
      '104:SILK/16000', '9:G722/8000', '111:SIREN/16000', '18:G729/8000', '0:PCMU/8000', '8:PCMA/8000',
      '103:SILK/8000', '97:RED/8000', '13:CN/8000', '118:CN/16000', '101:telephone-event/8000',
    ]);
    expect(m.codecs[0].fmtp).toBe('maxaveragebitrate=50000; useinbandfec=0; minptime=20');
    expect(m.telephoneEvent).toMatchObject({ pt: 101, fmtp: '0-16' });
    expect(m.crypto).toEqual(['AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32', 'AES_256_CM_HMAC_SHA1_80']);
    expect(m.ice.ufrag).toBe('ZcPl');
    expect(m.ice.pwd).toBe(true);
    expect(m.ice.candidates.map((c) => `${c.ip}:${c.port}/${c.component}`)).toEqual([
      '52.115.16.74:52166/1', '52.115.16.74:52167/2', '185.221.88.103:42437/2',
    ]);
  });

  it('when static payload types come without rtpmap, then they are still named', () => {
    const s = sdp(fixture('sdp-viewer-sbc-offer-private-cut.sdp'));
    const names = s.media[0].codecs.map((c) => c.name);
    expect(names.slice(0, 2)).toEqual(['PCMA', 'G729']);
    expect(names).toContain('G722');
    expect(names).toContain('PCMU');
    expect(names).toContain('CN');
    expect(names).toContain('SILK');
    expect(names).toContain('unknown-112');
    expect(s.media[0].proto).toBe('RTP/AVP');
    expect(s.media[0].crypto).toEqual([]);
  });

  it('when c= or o= is private, then privateAddresses lists it once', () => {
    const s = sdp(fixture('sdp-viewer-sbc-offer-private-cut.sdp'));
    expect(s.privateAddresses).toEqual(['10.160.21.20']);
    expect(s.privateConnectionAddresses).toEqual(['10.160.21.20']);
    const originOnly = sdp(answer(['m=audio 4000 RTP/AVP 0']).replace('o=SBC 1 2 IN IP4 198.51.100.10', 'o=SBC 1 2 IN IP4 192.168.1.5'));
    expect(originOnly.privateAddresses).toEqual(['192.168.1.5']);
    expect(originOnly.privateConnectionAddresses).toEqual([]);
  });

  it('when direction is set at session or media level, then media-level wins and sendrecv is the default', () => {
    expect(sdp(answer(['m=audio 4000 RTP/AVP 0'])).media[0].direction).toBe('sendrecv');
    expect(sdp(answer(['a=sendonly', 'm=audio 4000 RTP/AVP 0'])).media[0].direction).toBe('sendonly');
    expect(sdp(answer(['a=sendonly', 'm=audio 4000 RTP/AVP 0', 'a=inactive'])).media[0].direction).toBe('inactive');
  });

  it('when ice-lite is set and the proto is DTLS-SRTP, then both are seen', () => {
    const s = sdp(answer(['a=ice-lite', 'm=audio 4000 UDP/TLS/RTP/SAVPF 111', 'a=fingerprint:sha-256 AB:CD', 'a=rtpmap:111 opus/48000/2']));
    expect(s.iceLite).toBe(true);
    expect(s.media[0]).toMatchObject({ proto: 'UDP/TLS/RTP/SAVPF', dtls: true });
    expect(s.media[0].codecs[0]).toEqual({ pt: 111, name: 'opus', rate: 48000, channels: 2 });
  });

  it('when the body is garbage or empty, then it returns null or a partial summary and never throws', () => {
    expect(analyzeSdp('')).toBeNull();
    expect(analyzeSdp('hello world')).toBeNull();
    expect(analyzeSdp('<xml/>')).toBeNull();
    for (const junk of ['v=0\r\nm=\r\nc=', 'v=0\nm=audio abc RTP/AVP x y\na=rtpmap:zz\na=crypto:', 'v=0\n\u0000\u0001\n']) {
      expect(() => analyzeSdp(junk)).not.toThrow();
    }
    const partial = analyzeSdp('v=0\nm=audio abc RTP/AVP x y\n');
    expect(partial?.media[0].codecs).toEqual([]);
  });
});

describe('commonCodecs and isHold', () => {
  it('when offer and answer share codecs, then the shared ones are listed by name and rate, DTMF and CN ignored', () => {
    const offer = sdp(fixture('sdp-teams-offer-assembled.sdp'));
    const ans = sdp(answer(['m=audio 4000 RTP/SAVP 8 101 13', 'a=rtpmap:101 telephone-event/8000']));
    expect(commonCodecs(offer, ans).map((c) => c.name)).toEqual(['PCMA']);
    const none = sdp(answer(['m=audio 4000 RTP/AVP 4 101 13', 'a=rtpmap:101 telephone-event/8000']));
    expect(commonCodecs(offer, none)).toEqual([]);
    const silkNb = sdp(answer(['m=audio 4000 RTP/SAVP 100', 'a=rtpmap:100 silk/8000']));
    expect(commonCodecs(offer, silkNb).map((c) => `${c.name}/${c.rate}`)).toEqual(['SILK/8000']);
  });

  it('when audio is sendonly, inactive or c=0.0.0.0, then it is a hold', () => {
    expect(isHold(sdp(answer(['m=audio 4000 RTP/AVP 0', 'a=sendonly'])))).toBe(true);
    expect(isHold(sdp(answer(['m=audio 4000 RTP/AVP 0', 'a=inactive'])))).toBe(true);
    expect(isHold(sdp(answer(['m=audio 4000 RTP/AVP 0', 'c=IN IP4 0.0.0.0'])))).toBe(true);
    expect(isHold(sdp(answer(['m=audio 4000 RTP/AVP 0'])))).toBe(false);
    expect(isHold(sdp(answer(['m=audio 4000 RTP/AVP 0', 'a=recvonly'])))).toBe(false);
  });
});
