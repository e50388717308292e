import { sql, type Generated, type Selectable } from 'kysely';
import type { Db } from '../platform/db.ts';

export interface MfaTotpTable {
  account_id: string;
  secret_ciphertext: string;
  enabled_at: Date | null;
  last_used_step: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface MfaRecoveryCodesTable {
  id: Generated<string>;
  account_id: string;
  salt: string;
  code_hash: string;
  used_at: Date | null;
  created_at: Generated<Date>;
}

export type MfaSignInStage = 'totp' | 'enrol' | 'done';

export interface MfaSignInStepsTable {
  interaction_uid: string;
  account_id: string;
  stage: MfaSignInStage;
  expires_at: Date;
  created_at: Generated<Date>;
}

declare module '../platform/db.ts' {
  interface Database {
    mfa_totp: MfaTotpTable;
    mfa_recovery_codes: MfaRecoveryCodesTable;
    mfa_sign_in_steps: MfaSignInStepsTable;
  }
}

export type MfaTotpRow = Selectable<MfaTotpTable>;
export type MfaRecoveryCodeRow = Selectable<MfaRecoveryCodesTable>;
export type MfaSignInStepRow = Selectable<MfaSignInStepsTable>;

export const mfaRepo = {
  async findTotp(db: Db, accountId: string): Promise<MfaTotpRow | undefined> {
    return db
      .selectFrom('mfa_totp')
      .selectAll()
      .where('account_id', '=', accountId)
      .executeTakeFirst();
  },

  /** Saves a new pending secret; refuses (returns false) when two-step sign-in is already on. */
  async savePendingSecret(db: Db, accountId: string, ciphertext: string): Promise<boolean> {
    const row = await db
      .insertInto('mfa_totp')
      .values({
        account_id: accountId,
        secret_ciphertext: ciphertext,
        enabled_at: null,
        last_used_step: null,
      })
      .onConflict((oc) =>
        oc
          .column('account_id')
          .doUpdateSet({
            secret_ciphertext: ciphertext,
            last_used_step: null,
            updated_at: sql<Date>`now()`,
          })
          .where('mfa_totp.enabled_at', 'is', null),
      )
      .returning('account_id')
      .executeTakeFirst();
    return row !== undefined;
  },

  /** Turns a pending enrolment on, recording the step of the code that confirmed it. */
  async enable(db: Db, accountId: string, step: number): Promise<boolean> {
    const row = await db
      .updateTable('mfa_totp')
      .set({ enabled_at: sql<Date>`now()`, last_used_step: step, updated_at: sql<Date>`now()` })
      .where('account_id', '=', accountId)
      .where('enabled_at', 'is', null)
      .returning('account_id')
      .executeTakeFirst();
    return row !== undefined;
  },

  /**
   * Records that the code of time step `step` was used. One atomic statement: of two requests
   * with the same code, only one wins (replay protection).
   */
  async claimStep(db: Db, accountId: string, step: number): Promise<boolean> {
    const row = await db
      .updateTable('mfa_totp')
      .set({ last_used_step: step, updated_at: sql<Date>`now()` })
      .where('account_id', '=', accountId)
      .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
      .returning('account_id')
      .executeTakeFirst();
    return row !== undefined;
  },

  async removeAll(db: Db, accountId: string): Promise<void> {
    await db.deleteFrom('mfa_recovery_codes').where('account_id', '=', accountId).execute();
    await db.deleteFrom('mfa_totp').where('account_id', '=', accountId).execute();
  },

  async replaceRecoveryCodes(
    db: Db,
    accountId: string,
    codes: { salt: string; code_hash: string }[],
  ): Promise<void> {
    await db.deleteFrom('mfa_recovery_codes').where('account_id', '=', accountId).execute();
    await db
      .insertInto('mfa_recovery_codes')
      .values(codes.map((c) => ({ ...c, account_id: accountId, used_at: null })))
      .execute();
  },

  async unusedRecoveryCodes(db: Db, accountId: string): Promise<MfaRecoveryCodeRow[]> {
    return db
      .selectFrom('mfa_recovery_codes')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('used_at', 'is', null)
      .execute();
  },

  /** Marks a recovery code used; false when another request used it first. */
  async useRecoveryCode(db: Db, id: string): Promise<boolean> {
    const row = await db
      .updateTable('mfa_recovery_codes')
      .set({ used_at: sql<Date>`now()` })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  },

  async saveSignInStep(
    db: Db,
    step: { interactionUid: string; accountId: string; stage: MfaSignInStage; ttlSeconds: number },
  ): Promise<void> {
    const expires = sql<Date>`now() + make_interval(secs => ${step.ttlSeconds})`;
    await db
      .insertInto('mfa_sign_in_steps')
      .values({
        interaction_uid: step.interactionUid,
        account_id: step.accountId,
        stage: step.stage,
        expires_at: expires,
      })
      .onConflict((oc) =>
        oc
          .column('interaction_uid')
          .doUpdateSet({ account_id: step.accountId, stage: step.stage, expires_at: expires }),
      )
      .execute();
    // Now and then, drop steps of sign-ins that were abandoned.
    if (Math.random() < 0.05) {
      await db
        .deleteFrom('mfa_sign_in_steps')
        .where('expires_at', '<', sql<Date>`now()`)
        .execute();
    }
  },

  async findSignInStep(db: Db, interactionUid: string): Promise<MfaSignInStepRow | undefined> {
    return db
      .selectFrom('mfa_sign_in_steps')
      .selectAll()
      .where('interaction_uid', '=', interactionUid)
      .where('expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst();
  },

  async setSignInStage(db: Db, interactionUid: string, stage: MfaSignInStage): Promise<void> {
    await db
      .updateTable('mfa_sign_in_steps')
      .set({ stage })
      .where('interaction_uid', '=', interactionUid)
      .execute();
  },

  async deleteSignInStep(db: Db, interactionUid: string): Promise<void> {
    await db
      .deleteFrom('mfa_sign_in_steps')
      .where('interaction_uid', '=', interactionUid)
      .execute();
  },
};
