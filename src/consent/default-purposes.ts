import { FAIRNESS_MONITORING_PURPOSE, type Purpose } from './purpose.js';

/**
 * The purposes a new installation starts with: those the demo models are registered for, plus the
 * common ones a tenant names first. An admin changes them through the API (every version is kept);
 * start-up only adds those that are missing and never overwrites an edited one.
 */
export const DEFAULT_PURPOSES: readonly Purpose[] = [
  {
    id: 'credit-scoring',
    description: 'Assessing a credit application: whether to lend, and on what terms',
    lawfulBasis: 'consent',
    notice: {
      version: '1',
      text: 'We use the details of your application and an automated model to assess your credit application. You may ask for a person to review the decision.',
    },
    retentionDays: 730,
  },
  {
    id: 'customer-support',
    description: 'Routing and answering customer support requests',
    lawfulBasis: 'contract',
    notice: { version: '1', text: 'We read your support messages to route them to the right team and answer them.' },
    retentionDays: 365,
  },
  {
    id: 'fraud-prevention',
    description: 'Detecting and preventing fraud against customers and the company',
    lawfulBasis: 'legitimate_interests',
    notice: { version: '1', text: 'We check transactions and applications for signs of fraud to protect you and us.' },
    retentionDays: 1825,
  },
  {
    id: 'marketing',
    description: 'Personalised offers',
    lawfulBasis: 'consent',
    notice: { version: '1', text: 'We would like to send you offers chosen for you.' },
    retentionDays: 365,
  },
  {
    id: FAIRNESS_MONITORING_PURPOSE,
    description: 'Monitoring automated decisions for bias against protected groups (EU AI Act Art. 10(5))',
    lawfulBasis: 'consent',
    notice: {
      version: '1',
      text: 'With your permission we keep your sex, age band and ethnicity apart from your other data, only to check that our automated decisions treat every group fairly. They are never used to decide about you.',
    },
    retentionDays: 365,
  },
];
