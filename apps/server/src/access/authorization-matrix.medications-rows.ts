import type { Row } from './authorization-matrix.world.ts';

/** The authorization matrix rows of the medications routes (issue 6). */
export const medicationsRows: Row[] = [];
