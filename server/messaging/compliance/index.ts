// Compliance gates for sending: recipient time zones, quiet hours, French holidays, frequency caps.
export {
  resolveTimeZones,
  countryTimeZones,
  resolveRegionFromPhone,
  normalizeProvince,
} from './time-zones.js';
export type { RecipientLocationInput, RecipientRegion } from './time-zones.js';
export { nextAllowedSendTime, quietHoursWindow } from './quiet-hours.js';
export type { NextAllowedSendTimeInput, QuietHoursReason, SendTimeDecision } from './quiet-hours.js';
export {
  legalQuietHoursRule,
  COUNTRY_QUIET_HOURS,
  REGION_QUIET_HOURS,
  DEFAULT_QUIET_HOURS_RULE,
} from './quiet-hours-rules.js';
export type {
  QuietHoursRule,
  QuietHoursWindow,
  MerchantQuietHours,
  HolidayCalendar,
} from './quiet-hours-rules.js';
export { isFrenchPublicHoliday, easterSunday } from './french-holidays.js';
export { evaluateFrequencyCaps, DEFAULT_CAPS, FLORIDA_TOPIC_CAP } from './frequency-caps.js';
export type {
  FrequencyCaps,
  FrequencyCapInput,
  FrequencyCapDecision,
  FrequencyCapReason,
  MessageKind,
  SentMessage,
} from './frequency-caps.js';
