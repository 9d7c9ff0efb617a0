export * from './render';
export * from './write-dist';
export * from './yaml';
