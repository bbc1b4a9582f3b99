/** Business assumptions with defaults, overridable in the config: stated once so every use agrees. */

/** Gross margin (0–1) for CAC payback and CLV when none is configured: a common SaaS margin. */
export const DEFAULT_GROSS_MARGIN = 0.8;
