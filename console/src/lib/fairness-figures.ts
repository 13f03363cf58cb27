/**
 * What the bias audit page draws, taken from a stored audit (GET /v1/fairness/audits/{id}): for each
 * grouping, every group's selection rate with its confidence interval and its impact ratio against
 * the most-favoured group, with the verdict on the four-fifths rule. No DOM here.
 */

export interface Estimate {
  value: number;
  lower: number;
  upper: number;
}

export type GroupKey = Record<string, string>;

export interface AuditDocument {
  thresholds: Record<string, number | null>;
  groupings: { grouping: string[]; unknown: number }[];
  groups: { grouping: string[]; attributes: GroupKey; n: number; selected: number; selectionRate: Estimate | null }[];
  comparisons: { metric: string; grouping: string[]; group: GroupKey; reference: GroupKey; value: number | null }[];
  verdicts: { metric: string; grouping: string[]; group: GroupKey; value: number | null; threshold: number; pass: boolean | null; significant: boolean | null; pValue: number | null }[];
  excluded: { grouping: string[]; group: GroupKey; families: string[]; reason: string }[];
}

export interface GroupFigure {
  label: string;
  attributes: GroupKey;
  n: number;
  selected: number;
  rate: Estimate | null;
  /** Against the most-favoured group; 1 for that group itself. */
  impactRatio: number | null;
  isReference: boolean;
  /** The verdict on the impact ratio: null when not judged. */
  pass: boolean | null;
  significant: boolean | null;
  pValue: number | null;
  /** Why the group is reported but not judged. */
  excluded: string | null;
}

export interface GroupingFigure {
  grouping: string[];
  title: string;
  /** The impact-ratio threshold the audit judged against (0.8: the four-fifths rule); null when off. */
  threshold: number | null;
  unknown: number;
  groups: GroupFigure[];
}

const key = (grouping: readonly string[], group: GroupKey): string => JSON.stringify(grouping.map((a) => group[a] ?? null));
const sameGrouping = (a: readonly string[], b: readonly string[]): boolean => a.join('\u0000') === b.join('\u0000');

export function groupingFigures(audit: AuditDocument, metric = 'impactRatio'): GroupingFigure[] {
  const threshold = audit.thresholds[metric] ?? null;
  const ordered = [...audit.groupings].sort((a, b) => a.grouping.length - b.grouping.length);
  return ordered.map(({ grouping, unknown }) => {
    const comparisons = new Map(audit.comparisons.filter((c) => c.metric === metric && sameGrouping(c.grouping, grouping)).map((c) => [key(grouping, c.group), c]));
    const references = new Set(audit.comparisons.filter((c) => c.metric === metric && sameGrouping(c.grouping, grouping)).map((c) => key(grouping, c.reference)));
    const verdicts = new Map(audit.verdicts.filter((v) => v.metric === metric && sameGrouping(v.grouping, grouping)).map((v) => [key(grouping, v.group), v]));
    const excluded = new Map(
      audit.excluded.filter((e) => sameGrouping(e.grouping, grouping) && e.families.includes('selection')).map((e) => [key(grouping, e.group), e.reason]),
    );
    const groups = audit.groups
      .filter((g) => sameGrouping(g.grouping, grouping))
      .map((g): GroupFigure => {
        const k = key(grouping, g.attributes);
        const comparison = comparisons.get(k);
        const verdict = verdicts.get(k);
        const isReference = !comparison && references.has(k);
        return {
          label: grouping.map((a) => g.attributes[a] ?? '?').join(' · '),
          attributes: g.attributes,
          n: g.n,
          selected: g.selected,
          rate: g.selectionRate,
          impactRatio: comparison ? comparison.value : isReference ? 1 : null,
          isReference,
          pass: verdict ? verdict.pass : null,
          significant: verdict ? verdict.significant : null,
          pValue: verdict ? verdict.pValue : null,
          excluded: excluded.get(k) ?? null,
        };
      });
    return { grouping, title: grouping.join(' × '), threshold, unknown, groups };
  });
}

/** Groups whose impact ratio failed its threshold. */
export const failing = (figure: GroupingFigure): GroupFigure[] => figure.groups.filter((g) => g.pass === false);
