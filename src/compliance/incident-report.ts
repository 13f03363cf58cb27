import { facts, h1, h2, list, note, p, table, type Block, type ComplianceDocument } from './document-model.js';
import { sealedAuditShown, type FreezeFacts, type IncidentEvidence } from './evidence.js';
import { formatLocal, INCIDENT_CLASSES, onTime } from './incident-deadlines.js';
import { provenanceBlocks } from './model-sections.js';
import { footerOf, type BuildContext } from './technical-documentation.js';

/** The freeze's seal and ranges; other deployers' chains and bias audits are counted, not named, since the report may go to this deployer. */
function freezeBlocks(f: FreezeFacts, tenantId: string | null): Block[] {
  const s = f.seal;
  const shown = (chain: string) => chain === 'platform' || chain === `tenant:${tenantId}`;
  const named = s.auditRanges.filter((r) => shown(r.chain));
  const others = s.auditRanges.filter((r) => !shown(r.chain));
  const audits = s.biasAudits.filter((a) => sealedAuditShown(tenantId, f.biasAuditTenants)(a.id));
  const otherAudits = s.biasAudits.length - audits.length;
  return [
    h2(`Evidence freeze ${f.id}`),
    facts([
      ['Sealed at', s.sealedAt],
      ['Seal sha256', f.sealHash],
      ['Reason', f.reason],
      ['Frozen by', f.frozenBy],
      ['Model version', `${s.model.name}@${s.model.version} (${s.model.versionId})`],
      ['Model sha256', s.model.sha256],
      ['Status when sealed', `${s.model.status}${s.model.statusReason ? `: ${s.model.statusReason}` : ''}`],
      ['Active policy when sealed', s.policy ? `version ${s.policy.version} (${s.policy.contentHash})` : 'none'],
      ['Audit log from', s.from],
      ['Freeze event', `${f.audit.chain}#${f.audit.seq}`],
      ['Signed checkpoint covering it', f.checkpoint ? `${f.checkpoint.id}, issued ${f.checkpoint.issuedAt}, key ${f.checkpoint.keyId}` : 'none yet'],
      ...(f.checkpoint?.chains.filter((c) => c.chainId === f.audit.chain).map((c) => [`Checkpoint ${c.chainId}`, `size ${c.treeSize}, root ${c.rootHash}`] as [string, string]) ?? []),
      ['Released', f.releasedAt ? `${f.releasedAt} by ${f.releasedBy}: ${f.releaseReason}` : 'no: the version cannot be changed'],
    ]),
    table(
      ['audit chain', 'from seq', 'to seq', `events about ${s.model.name}@${s.model.version}`],
      [
        ...named.map((r) => [r.chain, r.fromSeq, r.toSeq, r.events]),
        ...(others.length ? [[`${others.length} other deployers' chains (named in the seal)`, null, null, others.reduce((n, r) => n + r.events, 0)]] : []),
      ],
      [false, true, true, true],
    ),
    s.biasAudits.length ? table(['bias audit', 'data hash', 'date'], [...audits.map((a) => [a.id, a.dataHash, a.createdAt]), ...(otherAudits ? [[`${otherAudits} other deployers' bias audits (named in the seal)`, null, null]] : [])]) : p('No bias audit of the version fell in the sealed period.'),
  ];
}

/** The report on a serious incident (EU AI Act Art. 73), with its deadline and the evidence sealed for it. */
export function incidentReport(e: IncidentEvidence, ctx: BuildContext): ComplianceDocument {
  const i = e.incident;
  const cls = INCIDENT_CLASSES[i.class];
  const deadline = new Date(i.deadline);
  const reported = i.reportedAt ? new Date(i.reportedAt) : null;
  const timing = reported
    ? `reported ${i.reportedAt} (${onTime(reported, deadline) ? 'on time' : 'late'}), reference ${i.reportReference}`
    : i.status === 'closed'
      ? 'closed without a report'
      : i.overdue
        ? 'not reported: the deadline has passed'
        : 'not reported yet';
  return {
    title: `Serious incident report: ${i.title}`,
    subtitle: `EU AI Act Art. 73, incident ${i.id} concerning ${i.model}@${i.version}, prepared ${ctx.provenance.builtAt}`,
    builtAt: ctx.builtAt,
    footer: footerOf(ctx),
    blocks: [
      h1('1. The incident'),
      facts([
        ['Incident', i.id],
        ['Class', `${i.class}: ${cls.description}`],
        ['Model version', `${i.model}@${i.version}`],
        ['Deployer (tenant)', i.tenantId ?? 'none named'],
        ['Registered', `${i.createdAt} by a ${i.registeredRole} key (${i.registeredBy})`],
        ['Occurred', i.occurredAt ? `${i.occurredAt} (${formatLocal(new Date(i.occurredAt), i.timeZone)})` : 'not known'],
        ['Provider became aware', `${i.awareAt} (${formatLocal(new Date(i.awareAt), i.timeZone)})`],
      ]),
      p(i.description),
      h1('2. Reporting deadline'),
      facts([
        ['Rule', `${cls.article}: report within ${i.deadlineDays} days of becoming aware`],
        ['Time zone', i.timeZone],
        ['Deadline', `${i.deadline} (${formatLocal(deadline, i.timeZone)})`],
        ['Status', `${i.status}: ${timing}`],
        ...(i.closedAt ? ([['Closed', `${i.closedAt}: ${i.closeReason}`]] as [string, string][]) : []),
      ]),
      note('The day of awareness does not count; the period ends with the last instant of the last day in the time zone named (Regulation 1182/71, Art. 3). Weekends and public holidays do not extend it here.'),
      h1('3. The AI system concerned'),
      e.model
        ? facts([
            ['Provider', e.model.provider],
            ['Intended purpose', e.model.intendedPurpose],
            ['Risk class', e.model.riskClass],
            ['ONNX sha256', e.model.sha256],
            ['Status now', e.model.status],
          ])
        : note('The model version is no longer in the registry.'),
      h1('4. Evidence'),
      ...(e.freezes.length
        ? e.freezes.flatMap((f) => freezeBlocks(f, i.tenantId))
        : [note('No evidence freeze has been made for this incident: the model version, policy and audit log range are not sealed.')]),
      p('Checking the evidence:'),
      list([
        'The seal is the canonical JSON of the freeze’s seal object; its sha256 is in the incident.freeze event named above, which the named checkpoint covers.',
        'GET /v1/compliance/incidents/{id}/export gives this report with the seals and the audit log ranges as JSON Lines exports that npm run audit:verify checks offline against the public key (GET /v1/audit/public-key).',
        'GET /v1/audit/proofs/inclusion?chain=…&seq=…&treeSize=… proves the freeze event is in the signed chain.',
      ]),
      h1('5. Provenance of this report'),
      ...provenanceBlocks(ctx.provenance),
    ],
  };
}
