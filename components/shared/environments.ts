// The environments a change is promoted through, in order. The catalog's overrides, the topics
// stack's `environment` setting and the policy pack's per-environment configs all use this list.

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];
