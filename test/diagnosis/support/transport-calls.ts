/** A call for the transport-failure tests: carrier → SBC INVITE, the SBC answers 503 by itself. */
import type { Call } from '../../../src/calls/call';
import { buildCall, inboundDialogs } from './call-fixtures';
import type { Step } from './call-fixtures';
import { carrierOffer, SID } from './flows';

export function refusedInbound(status = 503, phrase = 'Service Unavailable', sessionKey: string | null = SID): Call {
  const { carrier, legs } = inboundDialogs();
  const steps: Step[] = [
    { leg: 0, dir: 'in', at: 0, text: carrier.invite({ sdp: carrierOffer() }) },
    { leg: 0, dir: 'out', at: 4, text: carrier.response(100, 'Trying') },
    { leg: 0, dir: 'out', at: 480, text: carrier.response(status, phrase) },
    { leg: 0, dir: 'in', at: 520, text: carrier.ack() },
  ];
  return buildCall({ sessionKey: sessionKey ?? undefined, legs: [legs[0]], steps });
}
