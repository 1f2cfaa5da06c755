// The default message of every flow, in English and French, written so a merchant can switch a flow on
// without editing anything. French texts use GSM-7 characters only (é, è, à, ù exist in GSM-7; ê, ç, â
// do not), so a French default costs no more than the English one. Marketing texts get the shop-name
// prefix and the localized opt-out footer when composed; they are not written into the template.
import type { AutomationFlowKey, AutomationTemplates } from '../contracts/automations.js';

export const DEFAULT_TEMPLATES: Readonly<Record<AutomationFlowKey, AutomationTemplates>> = {
  order_confirmation: {
    en: 'Hi {{ customer.first_name | default: "there" }}, thanks for your order {{ order.name }} at {{ shop.name }}! Total: {{ order.total_price | money: order.currency }}. Order status: {{ order.status_url }}',
    fr: 'Bonjour {{ customer.first_name }}, merci pour votre commande {{ order.name }} chez {{ shop.name }} ! Total : {{ order.total_price | money: order.currency }}. Suivi de commande : {{ order.status_url }}',
  },
  shipping_confirmation: {
    en: '{{ shop.name }}: your order {{ order.name }} has shipped ({{ shipment.items_count }} item(s)) with {{ shipment.carrier | default: "our carrier" }}. Track it: {{ shipment.tracking_url }}',
    fr: '{{ shop.name }} : votre commande {{ order.name }} a été expédiée ({{ shipment.items_count }} article(s)) avec {{ shipment.carrier | default: "notre transporteur" }}. Suivi : {{ shipment.tracking_url }}',
  },
  out_for_delivery: {
    en: '{{ shop.name }}: your order {{ order.name }} is out for delivery today. Track it: {{ shipment.tracking_url }}',
    fr: "{{ shop.name }} : votre commande {{ order.name }} est en cours de livraison aujourd'hui. Suivi : {{ shipment.tracking_url }}",
  },
  delivered: {
    en: '{{ shop.name }}: your order {{ order.name }} has been delivered. Enjoy!',
    fr: '{{ shop.name }} : votre commande {{ order.name }} a été livrée. Bonne journée !',
  },
  order_cancelled: {
    en: '{{ shop.name }}: your order {{ order.name }} has been cancelled. Questions? Reply to this text or visit {{ shop.url }}',
    fr: '{{ shop.name }} : votre commande {{ order.name }} a été annulée. Une question ? Consultez {{ shop.url }}',
  },
  abandoned_checkout: {
    en: 'Hi {{ customer.first_name | default: "there" }}, you left something in your cart. Complete your order here: {{ checkout.recovery_url }}{% if discount.code %} Use code {{ discount.code }} for {{ discount.value }} off.{% endif %}',
    fr: 'Bonjour {{ customer.first_name }}, votre panier vous attend. Finalisez votre commande ici : {{ checkout.recovery_url }}{% if discount.code %} Code {{ discount.code }} : {{ discount.value }} de remise.{% endif %}',
  },
  welcome: {
    en: 'Welcome to {{ shop.name }} texts!{% if discount.code %} Here is {{ discount.value }} off your next order: {{ discount.code }}.{% endif %} Shop now: {{ shop.url }}',
    fr: 'Bienvenue chez {{ shop.name }} !{% if discount.code %} Voici {{ discount.value }} de remise sur votre prochaine commande : {{ discount.code }}.{% endif %} Boutique : {{ shop.url }}',
  },
  thank_you: {
    en: 'Thank you for your first order, {{ customer.first_name | default: "friend" }}!{% if discount.code %} Enjoy {{ discount.value }} off your next one with code {{ discount.code }}.{% endif %} {{ shop.url }}',
    fr: 'Merci pour votre première commande, {{ customer.first_name }} !{% if discount.code %} Profitez de {{ discount.value }} de remise sur la prochaine avec le code {{ discount.code }}.{% endif %} {{ shop.url }}',
  },
  win_back: {
    en: 'We miss you, {{ customer.first_name | default: "friend" }}! Come see what is new at {{ shop.name }}.{% if discount.code %} {{ discount.value }} off with code {{ discount.code }}.{% endif %} {{ shop.url }}',
    fr: 'Vous nous manquez, {{ customer.first_name }} ! Découvrez les nouveautés de {{ shop.name }}.{% if discount.code %} {{ discount.value }} de remise avec le code {{ discount.code }}.{% endif %} {{ shop.url }}',
  },
  review_request: {
    en: 'Hi {{ customer.first_name | default: "there" }}, how do you like your order {{ order.name }}? We would love your review: {{ order.status_url }}',
    fr: 'Bonjour {{ customer.first_name }}, votre commande {{ order.name }} vous plait ? Donnez-nous votre avis : {{ order.status_url }}',
  },
};
