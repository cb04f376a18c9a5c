/**
 * The digest chart as a PNG: the SVG of src/stats/chart-svg.ts rendered by resvg (no browser, no
 * download). Font: the system's DejaVu Sans when present, else the copy shipped next to this file
 * (fonts/DejaVuSans.ttf, Bitstream Vera/DejaVu licence).
 */
import { Resvg } from '@resvg/resvg-js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chartSvg } from '../stats/chart-svg';
import type { HourBar } from '../stats/digest';

const SYSTEM_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const SYSTEM_BOLD = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';

export function chartFonts(): string[] {
  if (existsSync(SYSTEM_FONT)) {
    return existsSync(SYSTEM_BOLD) ? [SYSTEM_FONT, SYSTEM_BOLD] : [SYSTEM_FONT];
  }
  return [join(__dirname, 'fonts', 'DejaVuSans.ttf')];
}

/** Renders SVG to PNG, scaled to `width` pixels when given. */
export function renderSvgPng(svg: string, width?: number): Buffer {
  const r = new Resvg(svg, {
    font: { fontFiles: chartFonts(), loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
    background: '#ffffff',
    fitTo: width === undefined ? { mode: 'original' } : { mode: 'width', value: width },
  });
  return Buffer.from(r.render().asPng());
}

/** The digest chart, 800 × 320 (or scaled to `width`: Teams cards carry it inline, ≈ 28 KB max per message). */
export function chartPng(title: string, bars: readonly HourBar[], width?: number): Buffer {
  return renderSvgPng(chartSvg(title, bars), width);
}
