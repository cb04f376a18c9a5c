import {
  isIpLiteral,
  isMicrosoftMediaIp,
  isMicrosoftSignalingIp,
  isPrivateIp,
  isTeamsHost,
  splitHostPort,
} from '../../src/sip/addresses';

describe('addresses', () => {
  it('when an address is in a private range, then isPrivateIp says so', () => {
    for (const ip of ['10.160.21.20', '172.16.0.1', '172.31.255.255', '192.168.3.115', '100.64.0.1', '100.127.1.1', '169.254.1.1', 'fc00::1', 'fd12:3456::1', 'fe80::1', '[fe80::2]']) {
      expect(isPrivateIp(ip)).toBe(true);
    }
    for (const ip of ['172.32.0.1', '100.128.0.1', '52.114.75.24', '185.221.88.103', '2001:db8::1', 'sbc.example.com', '256.1.1.1', '10.1.1']) {
      expect(isPrivateIp(ip)).toBe(false);
    }
  });

  it('when an address is in Microsoft\'s published ranges, then it is Microsoft', () => {
    for (const ip of ['52.112.0.1', '52.114.75.24', '52.115.255.255', '52.120.1.1', '52.123.255.254', '52.127.88.59', '52.127.64.33']) {
      expect(isMicrosoftSignalingIp(ip)).toBe(true);
      expect(isMicrosoftMediaIp(ip)).toBe(true);
    }
    for (const ip of ['52.116.0.1', '52.119.255.255', '52.124.0.1', '52.127.96.1', '10.0.0.1', 'sip.pstnhub.microsoft.com']) {
      expect(isMicrosoftSignalingIp(ip)).toBe(false);
    }
  });

  it('when a host is a Teams SIP proxy name, then isTeamsHost says so', () => {
    for (const h of ['sip.pstnhub.microsoft.com', 'SIP2.pstnhub.microsoft.com.', 'api-du-a-usea.pstnhub.microsoft.com', 'sip.pstnhub.gov.teams.microsoft.us', 'sip.pstnhub.dod.teams.microsoft.us']) {
      expect(isTeamsHost(h)).toBe(true);
    }
    for (const h of ['pstnhub.microsoft.com.evil.com', 'sbc.example.com', 'microsoft.com']) {
      expect(isTeamsHost(h)).toBe(false);
    }
  });

  it('when host and port are written together, then splitHostPort separates them', () => {
    expect(splitHostPort('52.114.75.24:5061')).toEqual({ host: '52.114.75.24', port: 5061 });
    expect(splitHostPort('[2001:db8::1]:5060')).toEqual({ host: '2001:db8::1', port: 5060 });
    expect(splitHostPort('2001:db8::1')).toEqual({ host: '2001:db8::1' });
    expect(splitHostPort('sbc.example.com')).toEqual({ host: 'sbc.example.com' });
    expect(splitHostPort('host:99999')).toEqual({ host: 'host' });
    expect(isIpLiteral('10.0.0.1')).toBe(true);
    expect(isIpLiteral('sbc.example.com')).toBe(false);
  });
});
