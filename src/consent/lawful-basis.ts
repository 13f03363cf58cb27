/**
 * The six lawful bases of GDPR Art. 6(1). Every purpose rests on exactly one of them; only
 * purposes on `consent` need a subject's active consent before anything is processed.
 */
export const LAWFUL_BASES = [
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'public_task',
  'legitimate_interests',
] as const;

export type LawfulBasis = (typeof LAWFUL_BASES)[number];

export interface LawfulBasisInfo {
  article: string;
  title: string;
  description: string;
}

export const LAWFUL_BASIS_INFO: Readonly<Record<LawfulBasis, LawfulBasisInfo>> = {
  consent: {
    article: 'GDPR Art. 6(1)(a)',
    title: 'Consent',
    description: 'The data subject has given consent to the processing for one or more specific purposes.',
  },
  contract: {
    article: 'GDPR Art. 6(1)(b)',
    title: 'Contract',
    description:
      'Processing is necessary for a contract to which the data subject is party, or for steps taken at their request before entering into one.',
  },
  legal_obligation: {
    article: 'GDPR Art. 6(1)(c)',
    title: 'Legal obligation',
    description: 'Processing is necessary for compliance with a legal obligation to which the controller is subject.',
  },
  vital_interests: {
    article: 'GDPR Art. 6(1)(d)',
    title: 'Vital interests',
    description: 'Processing is necessary to protect the vital interests of the data subject or of another natural person.',
  },
  public_task: {
    article: 'GDPR Art. 6(1)(e)',
    title: 'Public task',
    description:
      'Processing is necessary for a task carried out in the public interest or in the exercise of official authority vested in the controller.',
  },
  legitimate_interests: {
    article: 'GDPR Art. 6(1)(f)',
    title: 'Legitimate interests',
    description:
      'Processing is necessary for the legitimate interests of the controller or a third party, ' +
      'except where overridden by the interests or fundamental rights of the data subject.',
  },
};

export function isLawfulBasis(value: unknown): value is LawfulBasis {
  return typeof value === 'string' && (LAWFUL_BASES as readonly string[]).includes(value);
}
