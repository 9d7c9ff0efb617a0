export * from './build-plan';
export * from './tier-rules';
export * from './types';
