/** Every answer kind as an Adaptive Card, plus the plain-text summary sent with it. Pure. */
import type { Answer } from '../../../src/ask/answer-types';
import { ladderCard, rawCard, verdictCard, type CardOptions } from './call';
import type { AdaptiveCard } from './card';
import { callListCard, statusCard, topCard } from './lists';
import { errorCard, explanationCard, helpCard, notFoundCard } from './messages';

export type { AdaptiveCard, CardAction } from './card';
export type { CardOptions } from './call';
export { noticeCard } from './messages';

export function renderTeams(a: Answer, o: CardOptions): AdaptiveCard {
  switch (a.kind) {
    case 'verdict':
      return verdictCard(a, o);
    case 'ladder':
      return ladderCard(a, o);
    case 'raw':
      return rawCard(a, o);
    case 'calls':
      return callListCard(a, o);
    case 'status':
      return statusCard(a, o);
    case 'top':
      return topCard(a, o);
    case 'explanation':
      return explanationCard(a);
    case 'help':
      return helpCard(a);
    case 'not-found':
      return notFoundCard(a);
    case 'error':
      return errorCard(a);
  }
}
