import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSip } from '../../src/sip/parser';
import { analyzeSdp } from '../../src/sip/sdp';
import { explainSip } from '../../src/sip/explain';
import { parseNameAddr } from '../../src/sip/name-addr';
import { parseReason } from '../../src/sip/reason';
import { parseVia } from '../../src/sip/via';

const fixture = (name: string): string => readFileSync(join(__dirname, '../fixtures/sip', name), 'utf8');

/** small deterministic PRNG (mulberry32) so a failure can be replayed */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = 'INVITE SIP/2.0\r\n:;,<>"=@[]\\ \tv=0m=audio c=IN IP4 0123456789abcxyz#012(N 1)----é☎';

describe('robustness', () => {
  it('when a real INVITE is cut at every position, then the parser never throws and flags the cut', () => {
    const invite = fixture('teams-invite-assembled.sip');
    const firstLineEnd = invite.indexOf('\r\n');
    for (let i = 0; i <= invite.length; i++) {
      const r = parseSip(invite.slice(0, i));
      if (i > firstLineEnd) {
        expect(r.ok).toBe(true);
        // a lost final CRLF is tolerated on purpose (framers trim it)
        if (r.ok && i < invite.length - 2) {
          expect(r.message.truncated).toBe(true);
        }
      }
    }
    const whole = parseSip(invite);
    expect(whole.ok && whole.message.truncated).toBe(false);
  });

  it('when fed random bytes, then no parser or explainer throws', () => {
    const next = rng(20261125);
    for (let n = 0; n < 800; n++) {
      const len = Math.floor(next() * 300);
      let s = '';
      for (let i = 0; i < len; i++) {
        s += ALPHABET[Math.floor(next() * ALPHABET.length)];
      }
      const texts = [s, `INVITE sip:a@b SIP/2.0\r\n${s}`, `SIP/2.0 200 OK\n${s}\n\n${s}`, `v=0\r\n${s}`];
      for (const t of texts) {
        expect(() => parseSip(t)).not.toThrow();
        expect(() => analyzeSdp(t)).not.toThrow();
        expect(() => explainSip(t)).not.toThrow();
        expect(() => parseNameAddr(t)).not.toThrow();
        expect(() => parseReason(t)).not.toThrow();
        expect(() => parseVia(t)).not.toThrow();
      }
    }
  });

  it('when a header line is huge, then parsing stays linear', () => {
    const big = 'x'.repeat(2_000_000);
    const text = `INVITE sip:a@b SIP/2.0\r\nSubject: ${big}\r\nVia: SIP/2.0/UDP ${big}\r\nFrom: "${big}\r\nCall-ID: q\r\n\r\n`;
    const t0 = process.hrtime.bigint();
    const r = parseSip(text);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    expect(r.ok && r.message.callId).toBe('q');
    // linear work on 6 MB takes a few tens of ms; anything quadratic would take minutes
    expect(ms).toBeLessThan(2000);
    expect(() => explainSip(text)).not.toThrow();
  });
});
