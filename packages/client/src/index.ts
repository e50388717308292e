export * from './api-client.ts';
export * from './queries.ts';
export * from './query-client.ts';
