// The compliance settings form as typed (strings, clock times) and back to a PUT body.
import type { ComplianceSettings, UpdateComplianceSettings } from '../../../server/contracts/index.js';

/** Minutes after midnight as HH:MM. */
export const clock = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

export interface Draft {
  doubleOptInCountries: string;
  programName: string;
  supportContact: string;
  helpEn: string;
  helpFr: string;
  consentDisclosure: string;
  ownWindow: boolean;
  windowStart: string;
  windowEnd: string;
  minHoursBetween: string;
  maxPer7Days: string;
  clickDays: string;
  deliveredHours: string;
}

export function draftOf(s: ComplianceSettings): Draft {
  return {
    doubleOptInCountries: s.doubleOptInCountries.join(', '),
    programName: s.programName,
    supportContact: s.supportContact ?? '',
    helpEn: s.helpText.en ?? '',
    helpFr: s.helpText.fr ?? '',
    consentDisclosure: s.consentDisclosure ?? '',
    ownWindow: s.quietHours !== null,
    windowStart: clock(s.quietHours?.startMinute ?? 600),
    windowEnd: clock(s.quietHours?.endMinute ?? 1200),
    minHoursBetween: String(s.frequencyCaps.minHoursBetween),
    maxPer7Days: String(s.frequencyCaps.maxPer7Days),
    clickDays: String(s.attributionWindows.clickDays),
    deliveredHours: String(s.attributionWindows.deliveredHours),
  };
}

/** The whole form as a PUT body: the server records only what changed. */
export function bodyOf(d: Draft): UpdateComplianceSettings {
  const num = (v: string) => (v.trim() === '' ? Number.NaN : Number(v));
  return {
    doubleOptInCountries: d.doubleOptInCountries.split(/[\s,]+/).filter(Boolean),
    programName: d.programName,
    supportContact: d.supportContact,
    helpText: { en: d.helpEn, fr: d.helpFr },
    consentDisclosure: d.consentDisclosure,
    quietHours: d.ownWindow ? { startMinute: minutes(d.windowStart), endMinute: minutes(d.windowEnd) } : null,
    frequencyCaps: { minHoursBetween: num(d.minHoursBetween), maxPer7Days: num(d.maxPer7Days) },
    attributionWindows: { clickDays: num(d.clickDays), deliveredHours: num(d.deliveredHours) },
  };
}
