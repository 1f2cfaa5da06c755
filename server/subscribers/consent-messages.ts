// The texts of the consent flow (double opt-in request, opt-out and opt-in confirmations, HELP,
// welcome), in English and French. Language: the subscriber's locale, else the number's country.
import { Liquid } from 'liquidjs';
import { FRENCH_COUNTRIES } from '../automations/recipient-locale.js';
import { assertNever } from '../errors.js';
import type { SubscriberSettings } from './subscriber-settings.js';

export type ReplyLocale = 'en' | 'fr';

export function replyLocale(
  locale: string | null | undefined,
  country: string | null | undefined,
): ReplyLocale {
  if (locale) return locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
  return country && FRENCH_COUNTRIES.has(country.toUpperCase()) ? 'fr' : 'en';
}

export type ConsentMessageKind =
  'confirm_request' | 'opt_out' | 'opt_in' | 'already_subscribed' | 'help' | 'welcome';

export interface ConsentMessageInput {
  kind: ConsentMessageKind;
  locale: ReplyLocale;
  settings: SubscriberSettings;
  shopName: string;
}

const liquid = new Liquid({ strictVariables: false, strictFilters: true });

function help(s: SubscriberSettings, locale: ReplyLocale): string {
  const own = locale === 'fr' ? s.helpText.fr : s.helpText.en;
  if (own) return own;
  const contact = s.supportContact;
  if (locale === 'fr') {
    return `${s.programName} : alertes marketing SMS. ${s.messageFrequency.fr}. Messages et données peuvent être facturés.${contact ? ` Aide : ${contact}.` : ''} Répondez STOP pour vous désabonner.`;
  }
  return `${s.programName}: marketing text alerts. ${s.messageFrequency.en}. Msg & data rates may apply.${contact ? ` Help: ${contact}.` : ''} Reply STOP to cancel.`;
}

function defaultWelcome(locale: ReplyLocale): string {
  if (locale === 'fr')
    return 'Bienvenue chez {{ program_name }} ! Vous êtes inscrit(e) à nos SMS. Répondez STOP pour vous désabonner.';
  return "Welcome to {{ program_name }}! You're subscribed to our texts. Reply STOP to cancel.";
}

export function consentMessage(input: ConsentMessageInput): string {
  const { kind, locale, settings: s } = input;
  const fr = locale === 'fr';
  switch (kind) {
    case 'confirm_request':
      return fr
        ? `${s.programName} : répondez Y pour confirmer votre inscription aux SMS marketing. ${s.messageFrequency.fr}. Messages et données peuvent être facturés. Répondez STOP pour annuler.`
        : `${s.programName}: Reply Y to confirm your subscription to marketing texts. ${s.messageFrequency.en}. Msg & data rates may apply. Reply STOP to cancel.`;
    case 'opt_out':
      return fr
        ? `${s.programName} : vous êtes désabonné(e) et ne recevrez plus de SMS. Répondez START pour vous réabonner.`
        : `${s.programName}: You are unsubscribed and will receive no more messages. Reply START to resubscribe.`;
    case 'opt_in':
      return fr
        ? `${s.programName} : votre inscription aux SMS est confirmée. ${s.messageFrequency.fr}. Répondez HELP pour l'aide, STOP pour vous désabonner.`
        : `${s.programName}: You are subscribed to marketing texts. ${s.messageFrequency.en}. Msg & data rates may apply. Reply HELP for help, STOP to cancel.`;
    case 'already_subscribed':
      return fr
        ? `${s.programName} : vous êtes déjà inscrit(e). Répondez STOP pour vous désabonner.`
        : `${s.programName}: You are already subscribed. Reply STOP to cancel.`;
    case 'help':
      return help(s, locale);
    case 'welcome': {
      const template = (fr ? s.welcomeMessage.fr : s.welcomeMessage.en) ?? defaultWelcome(locale);
      return liquid
        .parseAndRenderSync(template, { shop_name: input.shopName, program_name: s.programName })
        .trim();
    }
    default:
      return assertNever(kind, 'consent message kind');
  }
}
