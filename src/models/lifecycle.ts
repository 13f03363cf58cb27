/** A model version's lifecycle: draft → active ⇄ suspended, and any of them → retired (final). */
export const MODEL_STATUSES = ['draft', 'active', 'suspended', 'retired'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];

const ALLOWED: Record<ModelStatus, readonly ModelStatus[]> = {
  draft: ['active', 'retired'],
  active: ['suspended', 'retired'],
  suspended: ['active', 'retired'],
  retired: [],
};

export function canTransition(from: ModelStatus, to: ModelStatus): boolean {
  return ALLOWED[from].includes(to);
}

export function allowedTransitions(from: ModelStatus): readonly ModelStatus[] {
  return ALLOWED[from];
}

/** Only active versions answer inference calls. */
export const serves = (status: ModelStatus): boolean => status === 'active';
