/** The platform-neutral brain of `sipsleuth ask`, the Slack bot and the Teams bot. */
export { answer, ask, type AskDeps } from './answer';
export type * from './answer-types';
export { refOfCall } from './call-summary';
export { HELP_EXAMPLES } from './help';
export { maskAnswer, maskText } from './mask';
export { looksLikeRef, parseQuestion, type Question, type QuestionKind } from './question';
export { cleanQuestionText } from './question-text';
export { RateLimiter } from './rate-limit';
export { callLine, headline, numbers, renderText, verdictLine, when, type TextOptions } from './render-text';
export type { AskStore } from './store-access';
export type { TimeRange, TimeSpec } from './time-range';
