// The monthly report as one self-contained HTML page: inline CSS, charts as inline SVG, no script,
// no font, image or link to fetch. Sections start on a new A4 page when printed, and no chart or
// table row is cut across pages. Every figure is also a number in a table cell marked
// `data-figure`, which is how tests (and anyone copying into a council document) read them.
import type { ChecklistLabels } from '../../checklist/labels.js';
import { FLAGS, type Flag } from '../../domain/flags.js';
import type { Translate } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import type { ReportSummary } from '../document.js';
import { count, percent } from '../numbers.js';
import { UNKNOWN_CHECKLIST } from '../summary.js';
import { countBars, FONTS, perDay, stackedBars } from './charts.js';
import { daysOf, periodText, type Period } from './period.js';

export interface FollowRow {
  startedAt: string | null;
  terminal: string;
  operator: string | null;
  checklist: string | null;
  flags: Flag[];
  /** The latest follow-up, when there is one. */
  review?: { at: string; reviewer: string; note: string };
}

export interface PageData {
  locale: Locale;
  tr: Translate;
  organization: string;
  period: Period;
  made: Date;
  version: string;
  source: { terminals: number; files: number; records: number; archive?: string };
  /** The report's other filters, in words (terminal, operator, flagged); empty when none. */
  filters: string;
  summary: ReportSummary;
  /** Integrity problems, in words (the first ones), and how many there are in all. */
  integrity: { count: number; lines: readonly string[] };
  followUp: { unreviewed: readonly FollowRow[]; unreviewedMore: number; reviewed: readonly FollowRow[]; reviewedMore: number };
  labels: ChecklistLabels;
  /** Breaks Japanese text into phrases (BudouX), so lines wrap between them. */
  phrases: (text: string) => string[];
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c]!);


/** A local timestamp as written (`2026-11-27T09:05:00.000+09:00`) → `2026-11-27 09:05`. */
const stamp = (ts: string | null) => (ts === null ? '-' : `${ts.slice(0, 10)} ${ts.slice(11, 16)}`);

export async function renderPage(d: PageData): Promise<string> {
  const { tr, summary: s } = d;
  // Text in Japanese breaks only between phrases (<wbr> where BudouX puts a boundary).
  const text = (value: string) => (d.locale === 'ja' ? d.phrases(value).map(esc).join('<wbr>') : esc(value));
  const figure = (key: string, n: number) => `<td class="n" data-figure="${esc(key)}">${count(n)}</td>`;
  const checklistName = (id: string) => (id === UNKNOWN_CHECKLIST ? tr('html.byChecklist.unknown') : (d.labels.title(id) ?? id));
  const flagName = (f: Flag) => tr(`report.flag.${f}`);
  const period = periodText(d.period, d.locale);
  const empty = s.sessions === 0;

  const head = `<header>
<p class="org">${text(d.organization)}</p>
<h1>${text(tr('html.title'))}</h1>
<p class="period"><span>${esc(tr('html.period'))}:</span> <strong data-period="${esc(d.period.since)}/${esc(d.period.until)}">${esc(period)}</strong></p>
<p class="meta">${esc(tr('html.made'))}: ${esc(madeText(d.made))}　${esc(
    d.source.archive !== undefined
      ? tr('html.sourcesArchive', { dir: d.source.archive, terminals: count(d.source.terminals), files: count(d.source.files), records: count(d.source.records) })
      : tr('html.sources', { terminals: count(d.source.terminals), files: count(d.source.files), records: count(d.source.records) }),
  )}${d.filters ? `　${esc(tr('html.filters', { filters: d.filters }))}` : ''}</p>
</header>`;

  const integrity =
    d.integrity.count === 0
      ? `<section class="integrity ok" id="integrity"><h2>${esc(tr('html.integrity.title'))}</h2><p data-figure-integrity="0">${text(tr('html.integrity.ok'))}</p></section>`
      : `<section class="integrity bad" id="integrity"><h2>${esc(tr('html.integrity.title'))}</h2>
<p data-figure-integrity="${d.integrity.count}">${text(tr('html.integrity.problems', { n: count(d.integrity.count) }))}</p>
<ul>${d.integrity.lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>${
          d.integrity.count > d.integrity.lines.length ? `<p>${esc(tr('html.integrity.more', { n: count(d.integrity.count - d.integrity.lines.length) }))}</p>` : ''
        }</section>`;

  const overview = `<section class="summary" id="summary"><h2>${esc(tr('html.summary.title'))}</h2>
<table class="totals"><tbody>
<tr><th>${esc(tr('html.summary.sessions'))}</th>${figure('sessions', s.sessions)}</tr>
<tr><th>${esc(tr('html.summary.completed'))}</th>${figure('completed', s.completed)}</tr>
<tr><th>${esc(tr('html.summary.incomplete'))}</th>${figure('incomplete', s.incomplete)}</tr>
<tr><th>${esc(tr('html.summary.rate'))}</th><td class="n" data-rate="incomplete">${percent(s.incomplete, s.sessions)}</td></tr>
<tr><th>${esc(tr('html.summary.reviewed'))}</th>${figure('followUp.reviewed', s.followUp.reviewed)}</tr>
<tr><th>${esc(tr('html.summary.unreviewed'))}</th>${figure('followUp.unreviewed', s.followUp.unreviewed)}</tr>
</tbody></table>
${empty ? `<p class="empty" data-empty="true">${text(tr('html.empty'))}</p>` : ''}
<h3>${esc(tr('html.byFlag.title'))}</h3>
<div class="pair">${empty ? '' : `<figure>${await countBars(FLAGS.map((f) => ({ label: flagName(f), count: s.byFlag[f] })), 420)}</figure>`}
<table><caption>${esc(tr('html.chartData'))}</caption><thead><tr><th>${esc(tr('html.byFlag.col'))}</th><th>${esc(tr('html.col.count'))}</th></tr></thead><tbody>
${FLAGS.map((f) => `<tr><th>${esc(flagName(f))}</th>${figure(`flag.${f}`, s.byFlag[f])}</tr>`).join('\n')}
</tbody></table></div>
<h3>${esc(tr('html.byChecklist.title'))}</h3>
${tallyBlock(Object.entries(s.byChecklist).map(([id, c]) => ({ key: `checklist.${id}`, label: checklistName(id), ...c })), tr('html.byChecklist.col'))}
</section>`;

  async function tallyChart(rows: { label: string; sessions: number; incomplete: number }[]): Promise<string> {
    if (rows.length === 0) return '';
    return `<figure>${await stackedBars(rows, { complete: tr('report.table.complete'), incomplete: tr('html.col.incomplete') })}</figure>`;
  }
  function tallyBlock(rows: { key: string; label: string; sessions: number; incomplete: number }[], col: string): string {
    if (rows.length === 0) return `<p>${esc(tr('html.reasons.none'))}</p>`;
    return `<table><caption>${esc(tr('html.chartData'))}</caption><thead><tr><th>${esc(col)}</th><th>${esc(tr('html.col.sessions'))}</th><th>${esc(tr('html.col.incomplete'))}</th><th>${esc(tr('html.col.share'))}</th></tr></thead><tbody>
${rows.map((r) => `<tr><th>${text(r.label)}</th>${figure(`${r.key}.sessions`, r.sessions)}${figure(`${r.key}.incomplete`, r.incomplete)}<td class="n">${percent(r.incomplete, r.sessions)}</td></tr>`).join('\n')}
</tbody></table>`;
  }

  const terminals = Object.entries(s.byTerminal).map(([id, c]) => ({ key: `terminal.${id}`, label: id, ...c }));
  const byTerminal = `<section id="terminals"><h2>${esc(tr('html.byTerminal.title'))}</h2>
${empty ? `<p>${text(tr('html.empty'))}</p>` : `${await tallyChart(terminals)}${tallyBlock(terminals, tr('html.byTerminal.col'))}`}
</section>`;

  // Every day of the period, with or without sessions (a long period: the days with sessions).
  const all = daysOf(d.period);
  const dayKeys = all.length > 0 && all.length <= 62 ? all : Object.keys(s.byDay);
  const days = dayKeys.map((day) => ({ day, label: day.slice(5), sessions: s.byDay[day]?.sessions ?? 0, incomplete: s.byDay[day]?.incomplete ?? 0 }));
  const byDay = `<section id="days"><h2>${esc(tr('html.byDay.title'))}</h2>
${
  empty
    ? `<p>${text(tr('html.empty'))}</p>`
    : `<figure>${await perDay(days, { sessions: tr('html.col.sessions'), incomplete: tr('html.col.incomplete') })}</figure>
<table class="days"><caption>${esc(tr('html.chartData'))}</caption><thead><tr><th>${esc(tr('html.byDay.col'))}</th><th>${esc(tr('html.col.sessions'))}</th><th>${esc(tr('html.col.incomplete'))}</th></tr></thead><tbody>
${days
  .map((x) => {
    const known = s.byDay[x.day] !== undefined;
    // Only days with sessions carry a figure (the JSON lists those days); the others read 0.
    const cell = (k: 'sessions' | 'incomplete') => (known ? figure(`day.${x.day}.${k}`, x[k]) : `<td class="n zero">0</td>`);
    return `<tr><th>${esc(x.day)}</th>${cell('sessions')}${cell('incomplete')}</tr>`;
  })
  .join('\n')}
</tbody></table>`
}
</section>`;

  const interrupts = Object.entries(s.interruptReasons).flatMap(([cl, reasons]) =>
    Object.entries(reasons).map(([reason, n]) => ({ key: `interrupt.${cl}.${reason}`, checklist: checklistName(cl), label: d.labels.reason(cl, reason) ?? reason, count: n })),
  );
  const skips = Object.entries(s.requiredSkips).flatMap(([cl, items]) =>
    Object.entries(items).map(([item, n]) => ({ key: `skip.${cl}.${item}`, checklist: checklistName(cl), label: d.labels.item(cl, item) ?? item, count: n })),
  );
  const notApplicable = Object.entries(s.notApplicable).flatMap(([cl, items]) =>
    Object.entries(items).map(([item, n]) => ({ key: `na.${cl}.${item}`, checklist: checklistName(cl), label: d.labels.item(cl, item) ?? item, count: n })),
  );
  const countTable = (rows: typeof interrupts, col: string) =>
    rows.length === 0
      ? `<p>${esc(tr('html.reasons.none'))}</p>`
      : `<table><caption>${esc(tr('html.chartData'))}</caption><thead><tr><th>${esc(tr('html.col.checklist'))}</th><th>${esc(col)}</th><th>${esc(tr('html.col.count'))}</th></tr></thead><tbody>
${rows.map((r) => `<tr><td>${text(r.checklist)}</td><th>${text(r.label)}</th>${figure(r.key, r.count)}</tr>`).join('\n')}
</tbody></table>`;
  const reasons = `<section id="reasons"><h2>${esc(tr('html.reasons.title'))}</h2>
<h3>${esc(tr('html.reasons.interrupts'))}</h3>
${interrupts.length > 0 ? `<figure>${await countBars(interrupts.map((r) => ({ label: r.label, count: r.count })))}</figure>` : ''}
${countTable(interrupts, tr('html.reasons.reason'))}
<h3>${esc(tr('html.reasons.skips'))}</h3>
${skips.length > 0 ? `<figure>${await countBars(skips.map((r) => ({ label: r.label, count: r.count })))}</figure>` : ''}
${countTable(skips, tr('html.reasons.item'))}
<h3>${esc(tr('html.reasons.notApplicable'))}</h3>
${countTable(notApplicable, tr('html.reasons.item'))}
<h3>${esc(tr('html.reasons.skipReasons'))}</h3>
${
  s.skipReasons.length === 0
    ? `<p>${esc(tr('html.reasons.none'))}</p>`
    : `<table><thead><tr><th>${esc(tr('html.reasons.item'))}</th><th>${esc(tr('html.reasons.reason'))}</th><th>${esc(tr('html.col.count'))}</th></tr></thead><tbody>
${s.skipReasons
  .slice(0, 40)
  .map((r) => `<tr><td>${text(d.labels.item(r.checklist, r.item) ?? r.item)}</td><td>${text(r.reason)}</td><td class="n">${count(r.count)}</td></tr>`)
  .join('\n')}
</tbody></table>`
}
</section>`;

  const row = (r: FollowRow, withNote: boolean) =>
    `<tr><td>${esc(stamp(r.startedAt))}</td><td>${esc(r.terminal)}</td><td>${esc(r.operator ?? '-')}</td><td>${text(r.checklist === null ? '-' : checklistName(r.checklist))}</td><td>${text(
      r.flags.map(flagName).join('、'),
    )}</td>${withNote ? `<td>${esc(r.review?.reviewer ?? '')}</td><td class="note">${text(r.review?.note ?? '')}</td>` : ''}</tr>`;
  const followTable = (rows: readonly FollowRow[], more: number, withNote: boolean, id: string) =>
    rows.length === 0
      ? `<p>${esc(tr('html.followUp.none'))}</p>`
      : `<table class="follow" id="${id}"><thead><tr><th>${esc(tr('html.col.start'))}</th><th>${esc(tr('html.col.terminal'))}</th><th>${esc(tr('html.col.operator'))}</th><th>${esc(tr('html.col.checklist'))}</th><th>${esc(tr('html.col.flags'))}</th>${
          withNote ? `<th>${esc(tr('html.col.reviewer'))}</th><th>${esc(tr('html.col.note'))}</th>` : ''
        }</tr></thead><tbody>
${rows.map((r) => row(r, withNote)).join('\n')}
</tbody></table>${more > 0 ? `<p>${esc(tr('html.followUp.more', { n: count(more) }))}</p>` : ''}`;
  const follow = `<section id="follow-up"><h2>${esc(tr('html.followUp.title'))}</h2>
<p>${text(tr('html.followUp.lead', { incomplete: count(s.incomplete), reviewed: count(s.followUp.reviewed), unreviewed: count(s.followUp.unreviewed) }))}</p>
<h3>${esc(tr('html.followUp.unreviewed'))}</h3>
${followTable(d.followUp.unreviewed, d.followUp.unreviewedMore, false, 'unreviewed')}
<h3>${esc(tr('html.followUp.reviewedList'))}</h3>
${followTable(d.followUp.reviewed, d.followUp.reviewedMore, true, 'reviewed')}
</section>`;

  return `<!DOCTYPE html>
<html lang="${d.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(`${d.organization ? `${d.organization} ` : ''}${tr('html.title')} ${period}`)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${head}
${integrity}
${overview}
${byTerminal}
${byDay}
${reasons}
${follow}
<footer>${esc(tr('html.footer', { version: d.version }))}</footer>
</main>
</body>
</html>
`;
}

function madeText(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())} ${p(at.getHours())}:${p(at.getMinutes())}`;
}

const CSS = `
*{box-sizing:border-box}
html{font-family:${FONTS};font-size:10.5pt;color:#222;background:#fff}
body{margin:0}
main{max-width:190mm;margin:0 auto;padding:12mm 0}
:lang(ja) p,:lang(ja) td,:lang(ja) th,:lang(ja) h1,:lang(ja) h2,:lang(ja) h3{word-break:keep-all;overflow-wrap:anywhere;line-break:strict}
header .org{margin:0;font-size:11pt}
h1{font-size:16pt;margin:2mm 0 3mm}
h2{font-size:13pt;border-bottom:2px solid #4e79a7;padding-bottom:1mm;margin:0 0 3mm}
h3{font-size:11pt;margin:4mm 0 2mm}
.period strong{font-size:13pt}
.meta{color:#555;font-size:9pt}
section{margin:6mm 0}
.integrity{border:2px solid;padding:3mm 4mm;border-radius:2mm}
.integrity.ok{border-color:#59a14f;background:#f3faf1}
.integrity.bad{border-color:#e15759;background:#fdf1f1}
.integrity ul{margin:0;padding-left:5mm;font-size:9pt}
table{border-collapse:collapse;margin:1mm 0 3mm;font-size:9.5pt}
caption{text-align:left;font-size:8.5pt;color:#555;padding-bottom:1mm}
th,td{border:1px solid #bbb;padding:1mm 2mm;text-align:left;vertical-align:top}
thead th{background:#eef2f7}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.zero{color:#999}
table.totals th{min-width:55mm}
table.days th,table.days td{padding:.3mm 2mm;font-size:8.5pt}
table.follow{width:100%;font-size:8.5pt}
td.note{max-width:60mm}
.pair{display:flex;gap:6mm;align-items:flex-start;flex-wrap:wrap}
figure{margin:0 0 2mm;break-inside:avoid}
figure svg{max-width:100%;height:auto}
.empty{font-size:12pt;font-weight:bold}
footer{margin-top:8mm;font-size:8.5pt;color:#555}
tr,li{break-inside:avoid}
h2,h3{break-after:avoid}
@page{size:A4 portrait;margin:12mm}
@media print{
  main{padding:0;max-width:none}
  section{margin:0 0 4mm}
  #terminals,#days,#reasons,#follow-up{break-before:page}
}
`;
