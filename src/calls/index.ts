/** The public surface of src/calls: SIP messages → dialogs → legs → calls, and OPTIONS health. */
export { CallBuilder, DEFAULT_BUILDER_OPTIONS, buildCalls } from './call-builder';
export type { BuilderOptions, BuilderStats } from './call-builder';
export { classifyPeer, callDirection } from './peer';
export type { PeerEvidence } from './peer';
export { numbersMatch } from './leg-joiner';
export type { Call, CallMessage, Direction, Leg, PeerHealth, PeerKind } from './call';
