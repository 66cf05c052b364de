/**
 * The kinds of personal data the redaction stage knows. `phone` covers Chinese mobiles and landlines and North
 * American numbers; `account_number` is any long number said right after words such as 卡号 / account number, so a
 * number the recogniser got one digit wrong (its checksum fails) is still masked.
 */
export const PERSONAL_DATA_KINDS = ['cn_id', 'bank_card', 'phone', 'email', 'us_ssn', 'account_number'] as const;

export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

/** Kinds whose mask may show the last digits (when the policy keeps any): the customer can still be told "ending 1234". */
export const KINDS_SHOWING_LAST_DIGITS: ReadonlySet<PersonalDataKind> = new Set(['bank_card', 'phone', 'account_number']);

/** The mask's label in each language. */
export const MASK_LABELS: Readonly<Record<'zh' | 'en', Record<PersonalDataKind, string>>> = {
  zh: { cn_id: '身份证', bank_card: '卡号', phone: '电话', email: '邮箱', us_ssn: 'SSN', account_number: '账号' },
  en: { cn_id: 'ID', bank_card: 'card', phone: 'phone', email: 'email', us_ssn: 'SSN', account_number: 'account' },
};
