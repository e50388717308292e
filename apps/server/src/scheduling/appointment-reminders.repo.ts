import { sql } from 'kysely';
import type { Db } from '../platform/db.ts';

/** One reminder per appointment and offset (migration 0017), due at start − offset. */
export interface AppointmentRemindersTable {
  appointment_id: string;
  offset_minutes: number;
  due_at: Date;
  sent_at: Date | null;
}

declare module '../platform/db.ts' {
  interface Database {
    appointment_reminders: AppointmentRemindersTable;
  }
}

export interface DueReminder {
  appointment_id: string;
  offset_minutes: number;
  due_at: Date;
}

export const appointmentRemindersRepo = {
  /**
   * Replaces the appointment's unsent reminders with these (a reminder already sent for an
   * offset is planned again when the appointment moved: its row takes the new due time).
   */
  async replaceUnsent(
    db: Db,
    appointmentId: string,
    rows: readonly { offsetMinutes: number; dueAt: Date }[],
  ): Promise<void> {
    await db
      .deleteFrom('appointment_reminders')
      .where('appointment_id', '=', appointmentId)
      .where('sent_at', 'is', null)
      .execute();
    if (rows.length === 0) return;
    await db
      .insertInto('appointment_reminders')
      .values(
        rows.map((r) => ({
          appointment_id: appointmentId,
          offset_minutes: r.offsetMinutes,
          due_at: r.dueAt,
          sent_at: null,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['appointment_id', 'offset_minutes']).doUpdateSet({
          due_at: (eb) => eb.ref('excluded.due_at'),
          sent_at: null,
        }),
      )
      .execute();
  },

  /** Forgets the appointment's unsent reminders (cancelled, no-show). */
  async deleteUnsent(db: Db, appointmentId: string): Promise<void> {
    await db
      .deleteFrom('appointment_reminders')
      .where('appointment_id', '=', appointmentId)
      .where('sent_at', 'is', null)
      .execute();
  },

  /**
   * Locks up to `limit` reminders due by `now` and not sent yet, skipping those another
   * transaction holds: several instances share the work and never take the same one.
   */
  async lockDue(db: Db, now: Date, limit: number): Promise<DueReminder[]> {
    const { rows } = await sql<DueReminder>`
      SELECT appointment_id, offset_minutes, due_at
        FROM appointment_reminders
       WHERE sent_at IS NULL AND due_at <= ${now}
       ORDER BY due_at
       LIMIT ${limit}
       FOR UPDATE SKIP LOCKED`.execute(db);
    return rows;
  },

  async markSent(db: Db, r: DueReminder, at: Date): Promise<void> {
    await db
      .updateTable('appointment_reminders')
      .set({ sent_at: at })
      .where('appointment_id', '=', r.appointment_id)
      .where('offset_minutes', '=', r.offset_minutes)
      .execute();
  },

  async listFor(db: Db, appointmentId: string): Promise<AppointmentRemindersTable[]> {
    return db
      .selectFrom('appointment_reminders')
      .selectAll()
      .where('appointment_id', '=', appointmentId)
      .orderBy('offset_minutes', 'desc')
      .execute();
  },
};
