import msCodesJson from '../../../src/diagnosis/catalogue/ms-codes.json';
import q850Json from '../../../src/diagnosis/catalogue/q850.json';
import sipStatusJson from '../../../src/diagnosis/catalogue/sip-status.json';
import headersJson from '../../../src/diagnosis/catalogue/headers.json';
import {
  headersFileSchema,
  msCodesFileSchema,
  q850FileSchema,
  sipStatusFileSchema,
} from '../../../src/diagnosis/catalogue/schemas';
import {
  catalogue,
  lookupHeader,
  lookupMsCode,
  lookupQ850,
  lookupSipStatus,
  lookupUriParam,
  msCodeEntryFor,
  msCodePrefixRule,
  sipStatusClass,
} from '../../../src/diagnosis/catalogue';
import { COMPACT_FORMS } from '../../../src/sip/header-names';

describe('catalogue data files', () => {
  it('when each file is checked against its schema, then every entry has the right shape', () => {
    expect(() => msCodesFileSchema.parse(msCodesJson)).not.toThrow();
    expect(() => q850FileSchema.parse(q850Json)).not.toThrow();
    expect(() => sipStatusFileSchema.parse(sipStatusJson)).not.toThrow();
    expect(() => headersFileSchema.parse(headersJson)).not.toThrow();
  });

  it('when a data file is broken, then the schema refuses it', () => {
    const broken = structuredClone(msCodesJson);
    (broken.codes[0] as { owner: string }).owner = 'somebody';
    expect(() => msCodesFileSchema.parse(broken)).toThrow();
    const noSource = structuredClone(headersJson);
    (noSource.headers[0] as { source: string }).source = 'RFC 3261';
    expect(() => headersFileSchema.parse(noSource)).toThrow();
  });

  it('when keys are counted, then nothing is listed twice and the catalogues are complete enough', () => {
    const uniq = <T>(xs: T[]): number => new Set(xs).size;
    expect(uniq(catalogue.q850.map((c) => c.cause))).toBe(catalogue.q850.length);
    expect(uniq(catalogue.sipStatuses.map((s) => s.status))).toBe(catalogue.sipStatuses.length);
    expect(uniq(catalogue.headers.map((h) => h.name.toLowerCase()))).toBe(catalogue.headers.length);
    expect(uniq(catalogue.msPrefixRules.map((r) => r.prefix))).toBe(catalogue.msPrefixRules.length);
    // every Microsoft code row is unique by code + SIP status + meaning
    expect(uniq(catalogue.msCodes.map((c) => `${c.code}|${c.sipCode}|${c.meaning}`))).toBe(catalogue.msCodes.length);
    expect(catalogue.msCodes).toHaveLength(70);
    expect(catalogue.q850.length).toBeGreaterThanOrEqual(40);
    expect(catalogue.headers.length).toBeGreaterThanOrEqual(40);
    for (const s of [100, 180, 183, 200, 202, 302, 400, 401, 403, 404, 407, 408, 480, 481, 486, 487, 488, 491, 500, 503, 504, 600, 603, 604, 606]) {
      expect(lookupSipStatus(s)).not.toBeNull();
    }
  });

  it('when a SIP status is listed, then its class follows its first digit', () => {
    for (const s of catalogue.sipStatuses) {
      expect(s.class).toBe(sipStatusClass(s.status));
    }
  });

  it('when a header has a compact form, then it is the one the parser expands', () => {
    for (const h of catalogue.headers) {
      if (h.compact) {
        expect(COMPACT_FORMS[h.compact]).toBe(h.name.toLowerCase());
      }
    }
    for (const [letter, name] of Object.entries(COMPACT_FORMS)) {
      expect(lookupHeader(letter)?.name.toLowerCase()).toBe(name);
    }
  });

  it('when the brief\'s headers are looked up, then each is there', () => {
    const required = [
      'Via', 'From', 'To', 'Call-ID', 'CSeq', 'Contact', 'Max-Forwards', 'Record-Route', 'Route', 'User-Agent', 'Server',
      'Allow', 'Supported', 'Require', 'Content-Type', 'Content-Length', 'Session-Expires', 'Min-SE', 'P-Asserted-Identity',
      'P-Preferred-Identity', 'Privacy', 'Diversion', 'History-Info', 'Reason', 'Warning', 'Retry-After', 'Authorization',
      'WWW-Authenticate', 'Proxy-Authenticate', 'Proxy-Authorization', 'Referred-By', 'Refer-To', 'Replaces', 'Accept',
      'Expires', 'Event', 'Subscription-State', 'X-MS-SBC', 'X-MS-UserLocation', 'X-MS-MediaPath', 'Ms-Diagnostics',
      'X-MS-Diagnostics', 'X-MS-Diagnostics-Public', 'Allow-Events', 'RSeq', 'RAck', 'P-Charging-Vector', 'P-Access-Network-Info',
    ];
    for (const name of required) {
      expect(lookupHeader(name)?.name).toBe(name);
    }
    expect(lookupHeader('CALL-ID')?.name).toBe('Call-ID');
    expect(lookupHeader('X-MS-RoutingPolicies')).toBeNull();
    expect(lookupHeader('X-Made-Up')).toBeNull();
  });
});

describe('lookups', () => {
  it('when a documented Microsoft code is looked up, then its variants and prefix rule come back', () => {
    const c = lookupMsCode('560403');
    expect(c?.entries[0]).toMatchObject({ sipCode: 403, owner: 'sbc', category: 'forbidden' });
    expect(c?.rule).toMatchObject({ prefix: '560', generatedBy: 'sbc', leg: 'outbound' });
    expect(lookupMsCode(10037)?.entries[0]).toMatchObject({ sipCode: 480, owner: 'user', category: 'callee-unavailable' });
    expect(lookupMsCode('10037')?.rule?.prefix).toBe('10');
    expect(lookupMsCode(531000)?.entries).toHaveLength(3);
    expect(lookupMsCode(569002)?.entries).toHaveLength(5);
    expect(lookupMsCode('540200')?.entries[0]).toMatchObject({ category: 'completed-elsewhere', owner: 'user' });
    expect(lookupMsCode(0)?.entries[0].sipCode).toBe(408);
  });

  it('when an undocumented code is looked up, then only its prefix rule answers, or nothing', () => {
    expect(lookupMsCode('560999')).toEqual({ code: '560999', entries: [], rule: expect.objectContaining({ prefix: '560' }) });
    expect(msCodePrefixRule('569123')?.owner).toBe('sbc');
    expect(msCodePrefixRule('540999')?.generatedBy).toBe('sbc-trigger');
    expect(msCodePrefixRule('520001')?.prefix).toBe('5');
    expect(lookupMsCode('10100')).toEqual({ code: '10100', entries: [], rule: expect.objectContaining({ prefix: '10' }) });
    expect(lookupMsCode('999')).toBeNull();
    expect(lookupMsCode('abc')).toBeNull();
  });

  it('when a code has several variants, then msCodeEntryFor picks by status and phrase', () => {
    expect(msCodeEntryFor(531000, 488, 'SrtpEncryptionRequired')?.meaning).toMatch(/SRTP/);
    expect(msCodeEntryFor(531000, 410)?.meaning).toMatch(/SdpParsingFailure/);
    expect(msCodeEntryFor(569002, 504, 'Unable to deliver INVITE: wrong target principal name')?.owner).toBe('sbc');
    expect(msCodeEntryFor(777777)).toBeNull();
  });

  it('when Q.850 causes are looked up, then names, SIP mapping and meaning are there', () => {
    expect(lookupQ850(16)).toMatchObject({ name: 'Normal call clearing', sip: null, class: 'normal' });
    expect(lookupQ850(17)).toMatchObject({ name: 'User busy', sip: 486 });
    expect(lookupQ850(31)).toMatchObject({ sip: 480 });
    expect(lookupQ850(34)?.note).toMatch(/486/);
    expect(lookupQ850(102)).toMatchObject({ sip: 504, class: 'protocol-error' });
    expect(lookupQ850(200)).toBeNull();
  });

  it('when URI params are looked up, then Microsoft\'s and the standard ones are explained', () => {
    expect(lookupUriParam('Contact', 'x-i')?.confidence).toBe('observed');
    expect(lookupUriParam('m', 'x-c')).not.toBeNull();
    expect(lookupUriParam('Refer-To', 'x-tt')?.confidence).toBe('documented');
    expect(lookupUriParam('Contact', 'transport')).not.toBeNull();
    expect(lookupUriParam('Contact', 'x-zz')).toBeNull();
  });
});

describe('methods, diagnostics ranges and phrases', () => {
  it('when methods, Ms-Diagnostics ranges and Teams phrases are looked up, then the catalogue answers', async () => {
    const { lookupMethod, msDiagnosticsRange, msCodesByPhrase } = await import('../../../src/diagnosis/catalogue');
    expect(lookupMethod('invite')?.meaning).toMatch(/call/);
    expect(lookupMethod('OPTIONS')?.meaning).toMatch(/keep-alive/);
    expect(lookupMethod('FOO')).toBeNull();
    expect(msDiagnosticsRange(10016)?.area).toBe('Mediation Server');
    expect(msDiagnosticsRange(12001)?.area).toBe('VoIP outbound routing');
    expect(msDiagnosticsRange(50000)).toBeNull();
    expect(msCodesByPhrase('No callee endpoints were found.').map((c) => c.code)).toEqual(['10037']);
    expect(msCodesByPhrase('no callee endpoints were found').map((c) => c.code)).toEqual(['10037']);
    expect(msCodesByPhrase('CallEndReasonLocalUserInitiated')).toEqual([]);
  });
});
