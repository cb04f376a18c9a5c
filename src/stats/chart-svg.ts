/**
 * The digest chart as SVG: calls (blue) and failures (red, drawn over them) per hour, with a y
 * axis, hour labels, a title and a legend. Text uses the family `DejaVu Sans`, the font the PNG
 * renderer loads. Pure.
 */
import type { HourBar } from './digest';

export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 320;
export const CHART_FONT = 'DejaVu Sans';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A round axis top and step: 0–5 → 5 (1), 37 → 40 (10), 1234 → 1250 (250). */
export function niceScale(max: number): { top: number; step: number } {
  if (max <= 5) {
    return { top: 5, step: 1 };
  }
  const raw = max / 5;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  return { top: Math.ceil(max / step) * step, step };
}

export function chartSvg(title: string, bars: readonly HourBar[]): string {
  const W = CHART_WIDTH;
  const H = CHART_HEIGHT;
  const left = 56;
  const right = 16;
  const top = 58;
  const bottom = 40;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const max = bars.reduce((m, b) => Math.max(m, b.calls, b.failures), 0);
  const { top: yTop, step } = niceScale(max);
  const n = Math.max(bars.length, 1);
  const slot = plotW / n;
  const barW = Math.max(2, slot * 0.7);
  const y = (v: number): number => top + plotH - (v / yTop) * plotH;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${CHART_FONT}">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${left}" y="24" font-size="16" font-weight="bold" fill="#1d1c1d">${esc(title)}</text>`,
    `<rect x="${left}" y="33" width="12" height="12" fill="#4a7fd4"/>`,
    `<text x="${left + 17}" y="44" font-size="12" fill="#1d1c1d">calls</text>`,
    `<rect x="${left + 70}" y="33" width="12" height="12" fill="#d64545"/>`,
    `<text x="${left + 87}" y="44" font-size="12" fill="#1d1c1d">failures that are not normal outcomes</text>`,
  );
  for (let v = 0; v <= yTop + 1e-9; v += step) {
    const yy = y(v).toFixed(1);
    parts.push(
      `<line x1="${left}" y1="${yy}" x2="${W - right}" y2="${yy}" stroke="#e3e3e3" stroke-width="1"/>`,
      `<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#555555">${Number(v.toFixed(2))}</text>`,
    );
  }
  bars.forEach((b, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    if (b.calls > 0) {
      parts.push(`<rect x="${x.toFixed(1)}" y="${y(b.calls).toFixed(1)}" width="${barW.toFixed(1)}" height="${(plotH - (y(b.calls) - top)).toFixed(1)}" fill="#4a7fd4"/>`);
    }
    if (b.failures > 0) {
      const fw = barW * 0.6;
      const fx = x + (barW - fw) / 2;
      parts.push(`<rect x="${fx.toFixed(1)}" y="${y(b.failures).toFixed(1)}" width="${fw.toFixed(1)}" height="${(plotH - (y(b.failures) - top)).toFixed(1)}" fill="#d64545"/>`);
    }
    if (n <= 25 || i % 2 === 0) {
      parts.push(`<text x="${(left + i * slot + slot / 2).toFixed(1)}" y="${H - bottom + 16}" font-size="11" text-anchor="middle" fill="#555555">${esc(b.label)}</text>`);
    }
  });
  parts.push(
    `<line x1="${left}" y1="${top + plotH}" x2="${W - right}" y2="${top + plotH}" stroke="#888888" stroke-width="1"/>`,
    `<text x="${left + plotW / 2}" y="${H - 6}" font-size="11" text-anchor="middle" fill="#555555">hour of the day</text>`,
  );
  if (max === 0) {
    parts.push(`<text x="${left + plotW / 2}" y="${top + plotH / 2}" font-size="14" text-anchor="middle" fill="#888888">no calls</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}
