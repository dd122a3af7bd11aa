// The page's charts: Apache ECharts rendered on the server to static SVG (its `ssr` mode), so the
// page carries no script and no library: it opens the same from a USB stick on an offline PC and
// prints as drawn. Every chart also has its numbers in a table beside it (the page does that).
import type { EChartsOption } from 'echarts';

type Echarts = typeof import('echarts');
let loaded: Echarts | null = null;
/** ECharts is loaded only when a page is made (no other command pays for it). */
async function echarts(): Promise<Echarts> {
  loaded ??= (await import('echarts')) as Echarts;
  return loaded;
}

/** The page's fonts (installed ones only: the page embeds none). */
export const FONTS = '"Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic", "Meiryo", "Hiragino Sans", sans-serif';
const COMPLETE = '#4e79a7';
const INCOMPLETE = '#e15759';

async function svg(option: EChartsOption, width: number, height: number): Promise<string> {
  const e = await echarts();
  const chart = e.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, textStyle: { fontFamily: FONTS, fontSize: 12 }, ...option });
  const out = chart.renderToSVGString();
  chart.dispose();
  // Inline in HTML, an <svg> needs no namespace declarations; without them the page holds no
  // address at all (nothing a reader might take for a link it fetches).
  return out.replace(/\s+xmlns(:xlink)?="[^"]*"/g, '');
}

export interface Bar {
  label: string;
  sessions: number;
  incomplete: number;
}

/** Horizontal stacked bars: each row's complete and incomplete sessions. */
export function stackedBars(rows: readonly Bar[], names: { complete: string; incomplete: string }, width = 640): Promise<string> {
  const height = Math.max(120, 40 + rows.length * 26);
  return svg(
    {
      grid: { left: 8, right: 24, top: 30, bottom: 8, containLabel: true },
      legend: { top: 0, data: [names.complete, names.incomplete] },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.label) },
      series: [
        { name: names.complete, type: 'bar', stack: 'all', color: COMPLETE, data: rows.map((r) => r.sessions - r.incomplete) },
        { name: names.incomplete, type: 'bar', stack: 'all', color: INCOMPLETE, data: rows.map((r) => r.incomplete) },
      ],
    },
    width,
    height,
  );
}

/** Sessions per day as bars, the incomplete ones as a line over them. */
export function perDay(days: readonly Bar[], names: { sessions: string; incomplete: string }, width = 680): Promise<string> {
  return svg(
    {
      grid: { left: 8, right: 16, top: 30, bottom: 8, containLabel: true },
      legend: { top: 0, data: [names.sessions, names.incomplete] },
      xAxis: { type: 'category', data: days.map((d) => d.label), axisLabel: { interval: days.length > 16 ? 1 : 0, fontSize: 10 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: names.sessions, type: 'bar', color: COMPLETE, data: days.map((d) => d.sessions) },
        { name: names.incomplete, type: 'line', color: INCOMPLETE, symbolSize: 5, data: days.map((d) => d.incomplete) },
      ],
    },
    width,
    260,
  );
}

/** Plain horizontal bars of counts (flags, reasons). */
export function countBars(rows: readonly { label: string; count: number }[], width = 640): Promise<string> {
  return svg(
    {
      grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.label), axisLabel: { width: 260, overflow: 'break' } },
      series: [{ type: 'bar', color: INCOMPLETE, label: { show: true, position: 'right' }, data: rows.map((r) => r.count) }],
    },
    width,
    Math.max(100, 24 + rows.length * 30),
  );
}
