/** The four tiers a team grants its IdP groups and tokens, from the widest to the narrowest. */
export const TEAM_TIERS = ['teamLead', 'mlEngineer', 'inferenceOperator', 'viewer'] as const;
export type TeamTier = (typeof TEAM_TIERS)[number];
