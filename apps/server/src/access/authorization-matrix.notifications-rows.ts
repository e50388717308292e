import type { Row } from './authorization-matrix.world.ts';

/** The authorization matrix rows of the notifications routes (issue 6). */
export const notificationsRows: Row[] = [];
