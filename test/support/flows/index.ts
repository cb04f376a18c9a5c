/**
 * Scenario flows and their renderers, one per log format: render a scenario (or several calls on
 * one timeline) as the vendor writes its log.
 */
import type { FormatName } from '../../../src/formats/record';
import { AUDIOCODES_SBC, DEFAULT_PARAMS, type CallParams } from './call-build';
import { audiocodesSid, renderAudiocodes } from './render-audiocodes';
import { renderAsterisk } from './render-asterisk';
import { ciscoGuid, renderCisco } from './render-cisco';
import { renderFreeswitch } from './render-freeswitch';
import { renderOracle } from './render-oracle';
import { renderRibbon, ribbonCallId } from './render-ribbon';
import { renderPlainSip } from './render-sip';
import type { PlacedCall, Scenario } from './scenario-types';
import type { SbcIdentity } from './sip-leg';

export type Renderer = (calls: readonly PlacedCall[]) => string;

export const RENDERERS: Record<FormatName, Renderer> = {
  audiocodes: (c) => renderAudiocodes(c),
  ribbon: (c) => renderRibbon(c),
  oracle: (c) => renderOracle(c),
  cisco: (c) => renderCisco(c),
  asterisk: (c) => renderAsterisk(c),
  freeswitch: (c) => renderFreeswitch(c),
  sip: (c) => renderPlainSip(c),
};

/** How each vendor's SBC names itself in User-Agent / Server and X-MS-SBC. */
export const SBC_BY_FORMAT: Record<FormatName, SbcIdentity> = {
  audiocodes: AUDIOCODES_SBC,
  ribbon: { ...AUDIOCODES_SBC, agent: 'Ribbon SBC SWe/V11.01.01R001', xMsSbc: 'Ribbon Communications/SBC SWe/V11.01.01R001' },
  oracle: { ...AUDIOCODES_SBC, agent: 'Oracle-ESBC/SCZ9.1.0', xMsSbc: 'Oracle/Acme Packet 3900/SCZ9.1.0' },
  cisco: { ...AUDIOCODES_SBC, agent: 'Cisco-SIPGateway/IOS-17.9.4a', xMsSbc: 'Cisco UBE/ISR4331/IOS-17.9.4a' },
  asterisk: { ...AUDIOCODES_SBC, agent: 'Asterisk PBX 20.5.0', xMsSbc: 'Sangoma/Asterisk/20.5.0' },
  freeswitch: { ...AUDIOCODES_SBC, agent: 'FreeSWITCH-mod_sofia/1.10.11-release', xMsSbc: 'SignalWire/FreeSWITCH/1.10.11' },
  sip: AUDIOCODES_SBC,
};

/** The vendor session key of call number `n` in a format's log ('' where the format has none). */
export function sessionKeyFor(format: FormatName, n: number): string {
  switch (format) {
    case 'audiocodes':
      return audiocodesSid(n);
    case 'cisco':
      return ciscoGuid(n);
    case 'ribbon':
      return ribbonCallId(n);
    default:
      return '';
  }
}

export const MATRIX_T0 = Date.UTC(2026, 10, 23, 9, 0, 1, 712);

/** The scenario as the SBC of `format` would log it, alone in a log. */
export function renderScenario(build: (p: CallParams) => Scenario, format: FormatName): { scenario: Scenario; text: string } {
  const scenario = build({ ...DEFAULT_PARAMS, sbc: SBC_BY_FORMAT[format] });
  const text = RENDERERS[format]([{ scenario, t0: MATRIX_T0, sessionKey: sessionKeyFor(format, 1) }]);
  return { scenario, text };
}

export { SCENARIOS, buildScenario, SCENARIO_BY_NAME } from './scenarios';
export type { ScenarioBuilder } from './scenarios';
export { expectFor } from './scenario-types';
export type { Expect, PlacedCall, Scenario, Step } from './scenario-types';
