/**
 * Adaptive Card (schema 1.5, as Teams renders it) builders. Pure: plain JSON objects, no
 * botbuilder import, so the renderers survive a change of Teams SDK.
 */

export type CardElement = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  actions?: CardElement[];
  msteams?: { width: 'Full' };
}

/** Teams refuses messages over ~28 KB; cards are kept under this many characters of JSON. */
export const CARD_MAX_CHARS = 24_000;
/** Lines of monospace text (ladder, raw SIP) shown in one card. */
export const MONO_MAX_LINES = 80;

/** What the buttons send back as the next activity's `value` (`why`: the alerts' Why? buttons). */
export interface CardAction {
  sipsleuth: 'ladder' | 'raw' | 'why';
  ref: string;
}

export function card(body: CardElement[], actions: CardElement[] = []): AdaptiveCard {
  const c: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    msteams: { width: 'Full' },
  };
  if (actions.length) {
    c.actions = actions;
  }
  return fitCard(c);
}

/** Drops body elements from the end (keeping a note) until the card fits. */
function fitCard(c: AdaptiveCard): AdaptiveCard {
  if (JSON.stringify(c).length <= CARD_MAX_CHARS) {
    return c;
  }
  const body = [...c.body];
  const note = text('The answer was cut to fit in one Teams message; ask `sipsleuth ask` on the command line for all of it.', { isSubtle: true });
  while (body.length > 1 && JSON.stringify({ ...c, body: [...body, note] }).length > CARD_MAX_CHARS) {
    body.pop();
  }
  return { ...c, body: [...body, note] };
}

/** Escapes what Teams' markdown subset would read as formatting. */
export function md(s: string): string {
  return s.replace(/([\\*_`[\]])/g, '\\$1');
}

export function text(t: string, o: { weight?: 'Bolder'; size?: 'Small' | 'Medium' | 'Large'; isSubtle?: boolean; color?: string } = {}): CardElement {
  return { type: 'TextBlock', text: t, wrap: true, ...o };
}

export function title(t: string): CardElement {
  return text(t, { weight: 'Bolder', size: 'Medium' });
}

export function facts(pairs: Array<[string, string]>): CardElement {
  return { type: 'FactSet', facts: pairs.map(([t, v]) => ({ title: t, value: v })) };
}

/** Preformatted text, one monospace line per element (Teams joins single newlines). */
export function mono(block: string, maxLines = MONO_MAX_LINES): CardElement {
  const lines = block.split('\n');
  const shown = lines.slice(0, maxLines);
  const items: CardElement[] = shown.map((l) => ({ type: 'TextBlock', text: l === '' ? ' ' : md(l), fontType: 'Monospace', size: 'Small', wrap: false, spacing: 'None' }));
  if (lines.length > maxLines) {
    items.push(text(`… ${lines.length - maxLines} more lines`, { isSubtle: true }));
  }
  return { type: 'Container', style: 'emphasis', items };
}

export function bullets(lines: string[]): CardElement {
  return text(lines.map((l) => `- ${l}`).join('\n'));
}

export function submit(label: string, data: CardAction): CardElement {
  return { type: 'Action.Submit', title: label, data };
}

export function callActions(ref: string, withLadder = true): CardElement[] {
  const out: CardElement[] = [];
  if (withLadder) {
    out.push(submit('Show ladder', { sipsleuth: 'ladder', ref }));
  }
  out.push(submit('Show raw SIP', { sipsleuth: 'raw', ref }));
  return out;
}
