export * from './api-client.ts';
export * from './queries.ts';
export * from './account-mutations.ts';
export * from './query-client.ts';
