export * from './build-plan';
export * from '../core/tier-rules';
export * from './types';
