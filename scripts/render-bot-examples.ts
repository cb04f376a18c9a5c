/**
 * Renders the pictures of docs/bots.md: asks real questions against examples/teams-sbc-day.log
 * (read by the real pipeline into a MemoryCallStore, as `sipsleuth ask "<question>" <files>` does),
 * turns the bots' real output — Slack Block Kit from `renderSlack`, Teams Adaptive Cards from
 * `renderTeams` — into static HTML that approximates each client's look, and screenshots it with
 * headless Chromium into docs/bots/<client>-<name>.png. The HTML is a renderer of the JSON: an
 * element type it does not know stops the script instead of being skipped.
 *
 * Not part of the build or the tests. Needs `chromium` (Debian: apt-get install chromium) and
 * ImageMagick's `convert` to crop the screenshots to the content. From the repository root:
 *
 *   npx tsc -p tsconfig.json --outDir /tmp/rbx
 *   NODE_PATH=$PWD/node_modules node /tmp/rbx/scripts/render-bot-examples.js
 *
 * (tsc may report type errors of work in progress elsewhere; it still writes the JavaScript.)
 *
 * Environment: CHROMIUM (default `chromium`), RBX_KEEP_HTML=1 to keep the HTML (its folder is printed).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Analyzer } from '../src/analyze/analyzer';
import { ask } from '../src/ask';
import { readSource } from '../src/cli/input';
import { MemoryCallStore } from '../src/store/memory-store';
import { renderSlack, type Block } from '../bots/slack/render';
import { renderTeams, type AdaptiveCard } from '../bots/teams/render';

const LOG = 'examples/teams-sbc-day.log';
const TZ = 'Europe/Berlin';
const YEAR = 2026;
const OUT_DIR = 'docs/bots';
const WIDTH = 900;
/** the screenshot is taken this tall, then cropped to the content */
const SHOT_HEIGHT = 4000;

const QUESTIONS: Array<{ name: string; question: string }> = [
  { name: 'why', question: 'why did call 448001234567 fail' },
  { name: 'status', question: 'status' },
  { name: 'top', question: 'top failures today' },
];

// ---------------------------------------------------------------- shared HTML helpers

type Json = Record<string, unknown>;

function escHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string') {
    throw new Error(`${what}: expected a string, got ${JSON.stringify(v)}`);
  }
  return v;
}

function arr(v: unknown, what: string): Json[] {
  if (!Array.isArray(v)) {
    throw new Error(`${what}: expected an array, got ${JSON.stringify(v)}`);
  }
  return v as Json[];
}

function obj(v: unknown, what: string): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new Error(`${what}: expected an object, got ${JSON.stringify(v)}`);
  }
  return v as Json;
}

function clock(ms: number): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hour12: false }).format(ms);
}

function page(css: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>${css}</style></head><body>${body}</body></html>`;
}

// ---------------------------------------------------------------- Slack: mrkdwn and Block Kit

const EMOJI: Record<string, string> = {
  x: '❌',
  white_check_mark: '✅',
  leftwards_arrow_with_hook: '↩️',
  hourglass_flowing_sand: '⏳',
  large_green_circle: '🟢',
  red_circle: '🔴',
  white_circle: '⚪',
  warning: '⚠️',
  mag: '🔍',
  tada: '🎉',
};

function emoji(html: string): string {
  return html.replace(/:([a-z0-9_+-]+):/g, (m, name: string) => EMOJI[name] ?? m);
}

/** Slack escapes only &, < and >: undo that. */
function slackDecode(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function slackPlain(s: string): string {
  return escHtml(slackDecode(s));
}

/** *bold*, _italic_, ~strike~ on text that holds no code and no links (already HTML-escaped). */
function slackInline(html: string): string {
  const around = (mark: string, tag: string, s: string): string => {
    const m = mark === '*' ? '\\*' : mark;
    const re = new RegExp(`(^|[\\s(>"'*_~])${m}(?!\\s)([^${m}\\n]+?)(?<!\\s)${m}(?=$|[\\s).,;:!?'"*_~<&])`, 'gm');
    return s.replace(re, (_all, pre: string, inner: string) => `${pre}<${tag}>${inner}</${tag}>`);
  };
  return emoji(around('~', 's', around('_', 'i', around('*', 'b', html))));
}

/** Links `<url|label>`, `<url>`, mentions; formatting in the text between them. */
function slackTextRun(s: string): string {
  let out = '';
  let last = 0;
  for (const m of s.matchAll(/<([^<>|]+)(?:\|([^<>]*))?>/g)) {
    out += slackInline(slackPlain(s.slice(last, m.index)));
    const target = m[1];
    const label = m[2];
    if (target.startsWith('@') || target.startsWith('#') || target.startsWith('!')) {
      out += `<span class="mention">${slackPlain(label ?? target)}</span>`;
    } else {
      out += `<a href="${slackPlain(target)}">${slackInline(slackPlain(label ?? target))}</a>`;
    }
    last = (m.index ?? 0) + m[0].length;
  }
  return out + slackInline(slackPlain(s.slice(last)));
}

/** Slack mrkdwn → HTML: code blocks, inline code, links, bold, italic, strike, emoji codes. */
export function mrkdwn(text: string): string {
  let out = '';
  const parts = text.split('```');
  parts.forEach((part, i) => {
    const isBlock = i % 2 === 1 && i < parts.length - 1;
    if (isBlock) {
      out += `<pre class="codeblock">${slackPlain(part.replace(/^\n/, ''))}</pre>`;
      return;
    }
    const piece = i % 2 === 1 ? `\`\`\`${part}` : part;
    const inline = piece.split(/`([^`\n]+)`/);
    inline.forEach((seg, j) => {
      out += j % 2 === 1 ? `<code>${slackPlain(seg)}</code>` : slackTextRun(seg);
    });
  });
  return out;
}

function slackText(t: unknown, what: string): string {
  const o = obj(t, what);
  const text = str(o.text, `${what}.text`);
  if (o.type === 'mrkdwn') {
    return mrkdwn(text);
  }
  if (o.type === 'plain_text') {
    return o.emoji === false ? escHtml(text) : emoji(escHtml(text));
  }
  throw new Error(`${what}: unknown text type ${JSON.stringify(o.type)}`);
}

function slackElement(e: Json, what: string): string {
  switch (e.type) {
    case 'button': {
      const style = e.style === 'primary' ? ' primary' : e.style === 'danger' ? ' danger' : '';
      return `<span class="button${style}">${slackText(e.text, `${what}.text`)}</span>`;
    }
    case 'image':
      return `<img class="ctx-img" src="${escHtml(str(e.image_url, `${what}.image_url`))}" alt="${escHtml(String(e.alt_text ?? ''))}">`;
    case 'mrkdwn':
    case 'plain_text':
      return `<span>${slackText(e, what)}</span>`;
    default:
      throw new Error(`${what}: unsupported element type ${JSON.stringify(e.type)}`);
  }
}

function slackBlock(b: Json, i: number): string {
  const what = `block ${i} (${String(b.type)})`;
  switch (b.type) {
    case 'header':
      return `<div class="header">${slackText(b.text, what)}</div>`;
    case 'section': {
      let html = '';
      if (b.text !== undefined) {
        html += `<div class="text">${slackText(b.text, what)}</div>`;
      }
      if (b.fields !== undefined) {
        html += `<div class="fields">${arr(b.fields, what).map((f, j) => `<div class="text">${slackText(f, `${what}.fields[${j}]`)}</div>`).join('')}</div>`;
      }
      const acc = b.accessory === undefined ? '' : `<div class="accessory">${slackElement(obj(b.accessory, what), `${what}.accessory`)}</div>`;
      return `<div class="section">${acc ? `<div class="with-accessory"><div>${html}</div>${acc}</div>` : html}</div>`;
    }
    case 'context':
      return `<div class="context">${arr(b.elements, what).map((e, j) => slackElement(e, `${what}.elements[${j}]`)).join('')}</div>`;
    case 'actions':
      return `<div class="actions">${arr(b.elements, what).map((e, j) => slackElement(e, `${what}.elements[${j}]`)).join('')}</div>`;
    case 'divider':
      return '<hr class="divider">';
    case 'image':
      return `<div class="image"><img src="${escHtml(str(b.image_url, what))}" alt="${escHtml(String(b.alt_text ?? ''))}"></div>`;
    default:
      throw new Error(`${what}: unsupported block type`);
  }
}

const SLACK_CSS = `
html, body { margin: 0; background: #e8e8e8; }
body { padding: 16px; font-family: Lato, "Helvetica Neue", Helvetica, Arial, sans-serif; color: #1d1c1d; font-size: 15px; line-height: 1.46668; }
.window { background: #fff; border-radius: 8px; box-shadow: 0 1px 3px rgba(0,0,0,.15); overflow: hidden; }
.channel { padding: 10px 20px; border-bottom: 1px solid #e2e2e2; font-weight: 900; font-size: 18px; }
.question { display: flex; padding: 12px 20px 4px; }
.message { display: flex; padding: 8px 20px 16px; }
.avatar { width: 36px; height: 36px; border-radius: 6px; flex: none; margin-right: 8px; color: #fff; font-weight: 900; font-size: 18px; display: flex; align-items: center; justify-content: center; }
.avatar.app { background: #4a154b; }
.avatar.user { background: #2eb67d; }
.content { flex: 1; min-width: 0; }
.who { font-weight: 900; }
.badge { background: rgba(29,28,29,.13); color: rgba(29,28,29,.7); font-size: 10px; font-weight: 700; padding: 1px 3px; border-radius: 2px; margin-left: 4px; vertical-align: 2px; }
.time { color: #616061; font-size: 12px; margin-left: 6px; }
.header { font-weight: 900; font-size: 18px; line-height: 1.33; margin: 6px 0 4px; }
.section { margin: 4px 0; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.fields { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 16px; max-width: 600px; margin: 4px 0; }
.with-accessory { display: flex; justify-content: space-between; gap: 12px; }
.context { color: #616061; font-size: 12px; line-height: 1.5; margin: 4px 0; display: flex; flex-wrap: wrap; align-items: center; gap: 6px; white-space: pre-wrap; }
.ctx-img { width: 20px; height: 20px; border-radius: 4px; }
.actions { display: flex; gap: 8px; margin: 8px 0 4px; flex-wrap: wrap; }
.button { display: inline-block; height: 28px; line-height: 26px; padding: 0 12px; border: 1px solid rgba(29,28,29,.3); border-radius: 4px; font-size: 13px; font-weight: 700; background: #fff; }
.button.primary { background: #007a5a; color: #fff; border-color: #007a5a; }
.button.danger { background: #e01e5a; color: #fff; border-color: #e01e5a; }
.divider { border: 0; border-top: 1px solid #dddddd; margin: 8px 0; }
code { font-family: Monaco, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12px; color: #e01e5a; background: #f8f8f8; border: 1px solid rgba(29,28,29,.13); border-radius: 3px; padding: 1px 3px; white-space: normal; overflow-wrap: anywhere; }
pre.codeblock { font-family: Monaco, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12px; line-height: 1.5; background: #f8f8f8; border: 1px solid rgba(29,28,29,.13); border-radius: 4px; padding: 8px; margin: 4px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
a { color: #1264a3; text-decoration: none; }
.mention { color: #1264a3; background: rgba(29,155,209,.1); border-radius: 3px; padding: 0 2px; }
b { font-weight: 900; }
`;

function slackHtml(question: string, blocks: Block[], at: number): string {
  const body = (blocks as unknown as Json[]).map((b, i) => slackBlock(b, i)).join('');
  return page(
    SLACK_CSS,
    `<div class="window"><div class="channel"># voice-ops</div>` +
      `<div class="question"><div class="avatar user">E</div><div class="content"><span class="who">Eva (network team)</span><span class="time">${clock(at)}</span>` +
      `<div class="text">${mrkdwn(`<@U0SIPSLEUTH|@sipsleuth> ${question}`)}</div></div></div>` +
      `<div class="message"><div class="avatar app">S</div><div class="content"><span class="who">sipsleuth</span><span class="badge">APP</span><span class="time">${clock(at)}</span>${body}</div></div></div>`,
  );
}

// ---------------------------------------------------------------- Teams: Adaptive Cards

const TEAMS_COLORS: Record<string, string> = { Default: '#242424', Dark: '#242424', Light: '#ffffff', Accent: '#5b5fc7', Good: '#0e700e', Warning: '#8a3707', Attention: '#c50f1f' };
const TEAMS_SIZES: Record<string, number> = { Small: 12, Default: 14, Medium: 16, Large: 20, ExtraLarge: 24 };
const TEAMS_SPACING: Record<string, number> = { None: 0, Small: 4, Default: 8, Medium: 16, Large: 24, ExtraLarge: 32, Padding: 16 };

/** The inline part of Adaptive Card markdown: backslash escapes, **bold**, _italic_ / *italic*, [text](url). */
function teamsInline(s: string): string {
  const escaped: string[] = [];
  const plain = s.replace(/\\([\\*_`[\]()#+\-.!])/g, (_m, c: string) => {
    escaped.push(c);
    return `\uE000${escaped.length - 1}\uE000`;
  });
  let html = escHtml(plain)
    .replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) => `<a href="${url}">${label}</a>`)
    .replace(/\*\*(?!\s)(.+?)(?<!\s)\*\*/g, '<b>$1</b>')
    .replace(/(^|[^\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?!\w)/g, '$1<i>$2</i>')
    .replace(/(^|[^\w])_(?!\s)([^_]+?)(?<!\s)_(?!\w)/g, '$1<i>$2</i>');
  html = html.replace(/\uE000(\d+)\uE000/g, (_m, n: string) => escHtml(escaped[Number(n)]));
  return html;
}

/**
 * TextBlock markdown as Teams shows it: lines starting with `- ` or `1. ` make lists, blank lines
 * separate paragraphs, other single line breaks are joined.
 */
export function teamsMarkdown(text: string): string {
  const out: string[] = [];
  let para: string[] = [];
  let list: { tag: 'ul' | 'ol'; items: string[] } | null = null;
  const flush = (): void => {
    if (para.length) {
      out.push(`<p>${teamsInline(para.join(' '))}</p>`);
      para = [];
    }
    if (list) {
      out.push(`<${list.tag}>${list.items.map((i) => `<li>${teamsInline(i)}</li>`).join('')}</${list.tag}>`);
      list = null;
    }
  };
  for (const line of text.split('\n')) {
    const ul = /^\s*[-*] (.*)$/.exec(line);
    const ol = /^\s*\d+\. (.*)$/.exec(line);
    if (ul || ol) {
      const tag = ul ? 'ul' : 'ol';
      if (para.length || (list && list.tag !== tag)) {
        flush();
      }
      list ??= { tag, items: [] };
      list.items.push((ul ?? ol)![1]);
    } else if (line.trim() === '') {
      flush();
    } else {
      if (list) {
        flush();
      }
      para.push(line);
    }
  }
  flush();
  return out.join('');
}

function spacing(e: Json, first: boolean): string {
  if (first) {
    return '';
  }
  const s = TEAMS_SPACING[String(e.spacing ?? 'Default')] ?? 8;
  return e.separator === true ? `margin-top:${s}px;padding-top:${s}px;border-top:1px solid #e0e0e0;` : `margin-top:${s}px;`;
}

function teamsElement(e: Json, what: string, first: boolean): string {
  if (e.isVisible === false) {
    return '';
  }
  const sp = spacing(e, first);
  switch (e.type) {
    case 'TextBlock': {
      const size = TEAMS_SIZES[String(e.size ?? 'Default')] ?? 14;
      const color = e.isSubtle === true ? '#616161' : (TEAMS_COLORS[String(e.color ?? 'Default')] ?? '#242424');
      const weight = e.weight === 'Bolder' ? 600 : e.weight === 'Lighter' ? 300 : 400;
      const mono = e.fontType === 'Monospace';
      const wrap = e.wrap === true ? 'white-space:normal;overflow-wrap:anywhere;' : 'white-space:nowrap;overflow:hidden;text-overflow:ellipsis;';
      const style = `${sp}font-size:${size}px;color:${color};font-weight:${weight};${wrap}${mono ? "font-family:Consolas,Menlo,'DejaVu Sans Mono',monospace;white-space:pre;" : ''}`;
      const text = str(e.text, `${what}.text`);
      return `<div class="tb" style="${escHtml(style)}">${mono ? teamsInline(text) : teamsMarkdown(text)}</div>`;
    }
    case 'FactSet':
      return `<table class="facts" style="${sp}">${arr(e.facts, what)
        .map((f, j) => `<tr><td class="ft">${teamsInline(str(f.title, `${what}.facts[${j}].title`))}</td><td>${teamsInline(str(f.value, `${what}.facts[${j}].value`))}</td></tr>`)
        .join('')}</table>`;
    case 'Container': {
      const styled = e.style === 'emphasis' || e.style === 'good' || e.style === 'attention' || e.style === 'warning' || e.style === 'accent';
      return `<div class="container${styled ? ` ${String(e.style)}` : ''}" style="${sp}">${teamsElements(arr(e.items, `${what}.items`), `${what}.items`)}</div>`;
    }
    case 'ColumnSet':
      return `<div class="columns" style="${sp}">${arr(e.columns, `${what}.columns`)
        .map((c, j) => {
          const w = c.width;
          const flex = typeof w === 'number' ? `flex:${w} 1 0;` : w === 'auto' ? 'flex:none;' : typeof w === 'string' && /^\d+px$/.test(w) ? `flex:none;width:${w};` : 'flex:1 1 0;';
          return `<div class="column" style="${flex}">${teamsElements(arr(c.items, `${what}.columns[${j}].items`), `${what}.columns[${j}].items`)}</div>`;
        })
        .join('')}</div>`;
    case 'Image': {
      const size = e.size === 'Small' ? 'max-width:80px;' : e.size === 'Medium' ? 'max-width:160px;' : 'max-width:100%;';
      return `<div style="${sp}"><img src="${escHtml(str(e.url, `${what}.url`))}" alt="${escHtml(String(e.altText ?? ''))}" style="${size}"></div>`;
    }
    case 'ActionSet':
      return `<div style="${sp}">${teamsActions(arr(e.actions, `${what}.actions`), `${what}.actions`)}</div>`;
    default:
      throw new Error(`${what}: unsupported element type ${JSON.stringify(e.type)}`);
  }
}

function teamsElements(items: Json[], what: string): string {
  return items.map((e, i) => teamsElement(e, `${what}[${i}]`, i === 0)).join('');
}

function teamsActions(actions: Json[], what: string): string {
  return `<div class="actions">${actions
    .map((a, i) => {
      if (a.type !== 'Action.Submit' && a.type !== 'Action.OpenUrl' && a.type !== 'Action.Execute' && a.type !== 'Action.ShowCard') {
        throw new Error(`${what}[${i}]: unsupported action type ${JSON.stringify(a.type)}`);
      }
      return `<span class="action">${escHtml(str(a.title, `${what}[${i}].title`))}</span>`;
    })
    .join('')}</div>`;
}

const TEAMS_CSS = `
html, body { margin: 0; background: #e8e8e8; }
body { padding: 16px; font-family: "Segoe UI", "Helvetica Neue", Lato, Arial, sans-serif; color: #242424; font-size: 14px; line-height: 1.43; }
.window { background: #f5f5f5; border-radius: 8px; box-shadow: 0 1px 3px rgba(0,0,0,.15); overflow: hidden; }
.chat-title { background: #fff; padding: 10px 20px; border-bottom: 1px solid #e0e0e0; font-weight: 600; font-size: 16px; }
.mine { display: flex; justify-content: flex-end; padding: 16px 20px 4px; }
.mine > div { max-width: 70%; }
.mine .bubble { background: #e8ebfa; border-radius: 6px; padding: 8px 12px; }
.row { display: flex; padding: 8px 20px 20px; }
.avatar { width: 32px; height: 32px; border-radius: 50%; background: #5b5fc7; color: #fff; font-weight: 600; display: flex; align-items: center; justify-content: center; flex: none; margin-right: 8px; margin-top: 20px; }
.meta { font-size: 12px; color: #616161; margin-bottom: 4px; }
.meta b { color: #424242; font-weight: 600; margin-right: 8px; }
.msg { flex: 1; min-width: 0; }
.card { background: #fff; border-radius: 6px; box-shadow: 0 1px 2px rgba(0,0,0,.14), 0 0 2px rgba(0,0,0,.12); padding: 16px; }
.tb p { margin: 0; }
.tb p + p, .tb p + ul, .tb ul + p, .tb p + ol, .tb ol + p { margin-top: 6px; }
.tb ul, .tb ol { margin: 0; padding-left: 20px; }
.facts { border-collapse: collapse; }
.facts td { padding: 0 0 4px 0; vertical-align: top; overflow-wrap: anywhere; }
.facts td.ft { font-weight: 600; padding-right: 16px; white-space: nowrap; }
.container.emphasis { background: #f5f5f5; padding: 12px; margin-left: -16px; margin-right: -16px; padding-left: 16px; padding-right: 16px; }
.container.good { background: #f1faf1; padding: 12px 16px; }
.container.attention { background: #fdf3f4; padding: 12px 16px; }
.container.warning { background: #fff9f5; padding: 12px 16px; }
.container.accent { background: #ebf3fc; padding: 12px 16px; }
.columns { display: flex; gap: 12px; }
.column { min-width: 0; }
.actions { display: flex; gap: 8px; margin-top: 16px; flex-wrap: wrap; }
.action { flex: 1; text-align: center; border: 1px solid #d1d1d1; border-radius: 4px; padding: 5px 12px; font-weight: 600; font-size: 14px; background: #fff; }
a { color: #5b5fc7; text-decoration: none; }
`;

function teamsHtml(question: string, c: AdaptiveCard, at: number): string {
  const cardJson = c as unknown as Json;
  if (cardJson.type !== 'AdaptiveCard') {
    throw new Error(`not an Adaptive Card: ${JSON.stringify(cardJson.type)}`);
  }
  const body = teamsElements(arr(cardJson.body, 'body'), 'body');
  const actions = cardJson.actions === undefined ? '' : teamsActions(arr(cardJson.actions, 'actions'), 'actions');
  return page(
    TEAMS_CSS,
    `<div class="window"><div class="chat-title">sipsleuth</div>` +
      `<div class="mine"><div><div class="meta" style="text-align:right">${clock(at)}</div><div class="bubble">${escHtml(question)}</div></div></div>` +
      `<div class="row"><div class="avatar">S</div><div class="msg"><div class="meta"><b>sipsleuth</b>${clock(at)}</div><div class="card">${body}${actions}</div></div></div></div>`,
  );
}

// ---------------------------------------------------------------- screenshots

function screenshot(html: string, png: string, tmp: string): void {
  const chromium = process.env.CHROMIUM ?? 'chromium';
  const profile = fs.mkdtempSync(path.join(tmp, 'profile-'));
  const raw = path.join(tmp, `${path.basename(png, '.png')}-raw.png`);
  execFileSync(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--hide-scrollbars',
      `--user-data-dir=${profile}`,
      `--screenshot=${raw}`,
      `--window-size=${WIDTH},${SHOT_HEIGHT}`,
      `file://${html}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 },
  );
  // the page background is a flat grey around the window: trim it away, then give back a margin
  execFileSync('convert', [raw, '-trim', '+repage', '-bordercolor', '#e8e8e8', '-border', '12', '-strip', png], { timeout: 60_000 });
}

// ---------------------------------------------------------------- main

async function loadStore(): Promise<{ store: MemoryCallStore; now: number }> {
  const store = new MemoryCallStore();
  const puts: Array<Promise<void>> = [];
  const analyzer = new Analyzer({ onCall: (c) => puts.push(store.put({ report: c.report, call: c.call, verdict: c.verdict })) });
  const outcome = await readSource(LOG, { format: 'auto', tz: 'UTC', year: YEAR, maxLineBytes: 1024 * 1024, currentYear: YEAR }, analyzer);
  if (!outcome.readable) {
    throw new Error(`${LOG}: nothing readable (${outcome.why ?? 'no reason given'})`);
  }
  await store.putHealth(analyzer.end());
  await Promise.all(puts);
  // as `sipsleuth ask … <files>`: "today" and "last hour" mean the log's own time
  const newest = (await store.list({ limit: 1 }))[0];
  const last = newest?.end ?? newest?.start;
  if (!last) {
    throw new Error(`${LOG}: no calls`);
  }
  return { store, now: Date.parse(last) + 1000 };
}

async function main(): Promise<void> {
  const { store, now } = await loadStore();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rbx-'));
  fs.mkdirSync(OUT_DIR, { recursive: true });
  try {
    for (const { name, question } of QUESTIONS) {
      const answer = await ask(question, { store, now, tz: TZ });
      if (answer.kind === 'error' || answer.kind === 'not-found' || answer.kind === 'help') {
        throw new Error(`"${question}" got a ${answer.kind} answer: the pictures would not show what the doc says`);
      }
      const slack = renderSlack(answer, { tz: TZ });
      const teams = renderTeams(answer, { tz: TZ });
      const pages: Array<[string, string]> = [
        [`slack-${name}`, slackHtml(question, slack.blocks, now)],
        [`teams-${name}`, teamsHtml(question, teams, now)],
      ];
      for (const [file, html] of pages) {
        const htmlPath = path.join(tmp, `${file}.html`);
        fs.writeFileSync(htmlPath, html);
        const png = path.resolve(OUT_DIR, `${file}.png`);
        screenshot(htmlPath, png, tmp);
        process.stdout.write(`${path.relative(process.cwd(), png)}  (${answer.kind}: "${question}")\n`);
      }
    }
  } finally {
    if (process.env.RBX_KEEP_HTML === '1') {
      process.stdout.write(`HTML kept in ${tmp}\n`);
    } else {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`render-bot-examples: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 1;
});
