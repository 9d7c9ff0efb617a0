export * from './load';
export * from './problem';
export * from './types';
export { flavorName, tokenAgeDays, DEFAULT_TOKEN_MAX_AGE_DAYS } from './rules';
