import { ll144Summary, type Ll144Row, type Ll144Summary } from '../fairness/ll144.js';
import { wilsonInterval } from '../fairness/metrics/statistics.js';
import { facts, fixed, h1, note, p, table, type Block, type ComplianceDocument, type RateChart } from './document-model.js';
import type { Ll144Evidence } from './evidence.js';
import { provenanceBlocks } from './model-sections.js';
import { footerOf, type BuildContext } from './technical-documentation.js';

const THRESHOLD = 0.8;

/** The summary's rows as a chart: the LL144 rate with its Wilson interval, impact ratios as the table states them. */
function chartOf(title: string, rows: Ll144Row[], attributes: string[], rateLabel: string, confidence: number): RateChart {
  const judged = rows.filter((r) => !r.excluded && r.rate !== null);
  return {
    title,
    rateLabel,
    confidence,
    threshold: THRESHOLD,
    reference: judged.length ? Math.max(...judged.map((r) => r.rate!)) : null,
    bars: rows
      .filter((r) => r.rate !== null && r.applicants > 0)
      .map((r) => {
        const interval = wilsonInterval(Math.round(r.rate! * r.applicants), r.applicants, confidence)!;
        return {
          label: attributes.map((a) => r.category[a]).join(' × '),
          n: r.applicants,
          value: r.rate!,
          lower: interval.lower,
          upper: interval.upper,
          impactRatio: r.impactRatio,
          pass: r.impactRatio === null ? null : r.impactRatio >= THRESHOLD,
        };
      }),
  };
}

function rowsTable(rows: Ll144Row[], attributes: string[], rateLabel: string, unknown: number): Block {
  return table(
    [...attributes, 'applicants', rateLabel, 'impact ratio', 'note'],
    [
      ...rows.map((r) => [...attributes.map((a) => r.category[a]), r.applicants, fixed(r.rate, 4), fixed(r.impactRatio, 4), r.excluded]),
      [...attributes.map((_, i) => (i === 0 ? 'unknown' : '')), unknown, null, null, 'category unknown: not included in the calculations'],
    ],
    [...attributes.map(() => false), true, true, true, false],
  );
}

export function ll144Of(e: Ll144Evidence): Ll144Summary {
  const a = e.audit;
  return ll144Summary(a.cells, {
    rate: e.rate,
    sex: e.sex,
    raceEthnicity: e.raceEthnicity,
    minShare: a.report.config.minShare,
    source: { kind: a.data.kind, description: a.data.description },
    period: a.data.period,
    scoreMedian: a.data.scoreMedian,
  });
}

/** A bias-audit summary in the form NYC Local Law 144 asks employers to publish (6 RCNY § 5-301, § 5-304). */
export function ll144Document(e: Ll144Evidence, ctx: BuildContext): ComplianceDocument {
  const a = e.audit;
  const s = ll144Of(e);
  const rateLabel = s.rate === 'selection' ? 'selection rate' : 'scoring rate';
  const confidence = a.report.config.confidence;
  const sections: [string, Ll144Row[], string[], number][] = [
    ['Sex', s.sex, [e.sex], s.unknown.sex],
    ['Race/ethnicity', s.raceEthnicity, [e.raceEthnicity], s.unknown.raceEthnicity],
    ['Intersectional categories', s.intersectional, [e.sex, e.raceEthnicity], s.unknown.intersectional],
  ];
  return {
    title: `Bias audit summary: ${e.model}`,
    subtitle: `Summary of results in the form of NYC Local Law 144 (6 RCNY § 5-301), from bias audit ${a.id}, prepared ${ctx.provenance.builtAt}`,
    builtAt: ctx.builtAt,
    footer: footerOf(ctx),
    blocks: [
      facts([
        ['Tool', `${e.model}${a.version ? ` version ${a.version}` : ' (every version in the period)'}`],
        ['Date of the bias audit', a.createdAt.slice(0, 10)],
        ['Distribution date of this summary', ctx.provenance.builtAt.slice(0, 10)],
        ['Bias audit', a.id],
        ['Source of the data', `${s.source.kind === 'historical' ? 'historical data' : 'test data'}: ${s.source.description}`],
        ['Period of the data', `${s.period.from} to ${s.period.to}`],
        ['Individuals assessed', s.applicants],
        ['Rate', s.rate === 'selection' ? 'selection rate: share given the favourable outcome (§ 5-301(b))' : `scoring rate: share scored above the sample median${s.scoreMedian !== undefined && s.scoreMedian !== null ? ` (${fixed(s.scoreMedian, 4)})` : ''} (§ 5-301(c))`],
        ['Unknown sex', s.unknown.sex],
        ['Unknown race/ethnicity', s.unknown.raceEthnicity],
        ['Unknown in the intersectional table', s.unknown.intersectional],
        ['Data hash', a.dataHash],
      ]),
      ...(s.source.kind === 'test' ? [note('The audit used test data: the summary must explain why historical data was insufficient (§ 5-301(a)).')] : []),
      note('Local Law 144 requires the bias audit to be conducted by an independent auditor. Independent auditor: to be named by the employer or employment agency before publication.'),
      p(`Impact ratio: a category's ${rateLabel} divided by the ${rateLabel} of the most selected category. Categories under ${(100 * a.report.config.minShare).toFixed(0)} % of the data are shown but left out of impact ratios (§ 5-301(d)).`),
      ...sections.flatMap(([title, rows, attributes, unknown]): Block[] => [
        h1(title),
        rowsTable(rows, attributes, rateLabel, unknown),
        { kind: 'chart', chart: chartOf(`${s.rate === 'selection' ? 'Selection' : 'Scoring'} rate by ${title.toLowerCase()}`, rows, attributes, rateLabel, confidence) },
      ]),
      h1('Provenance of this summary'),
      ...provenanceBlocks(ctx.provenance),
    ],
  };
}
