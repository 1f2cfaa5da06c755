// A small shop held in memory, the same rows the property test inserts into the database. Dates are ms
// since the epoch, money is integer cents: the evaluator never goes near SQL semantics by accident.
export interface MCustomer {
  id: string;
  firstName: string | null;
  tags: string[];
  country: string | null;
  province: string | null;
  createdAt: number | null;
  deleted: boolean;
}
export interface MOrder {
  id: string;
  customerId: string | null;
  totalCents: number;
  refundedCents: number;
  cancelled: boolean;
  createdAt: number;
  discountCodes: string[];
  checkoutToken: string | null;
}
export interface MLineItem {
  id: string;
  orderId: string;
  productId: string | null;
  variantId: string | null;
  sku: string | null;
  vendor: string | null;
  productType: string | null;
  quantity: number;
}
export interface MCheckout {
  token: string;
  customerId: string | null;
  completedAt: number | null;
  createdAt: number;
}
export interface MSubscriber {
  id: string;
  phone: string;
  customerId: string | null;
  marketingState: 'never' | 'pending' | 'subscribed' | 'unsubscribed';
  transactionalState: 'never' | 'subscribed' | 'unsubscribed';
  source: string;
  locale: string | null;
  subscribedAt: number | null;
  country: string | null;
}
export interface MMessage {
  id: string;
  subscriberId: string;
  phone: string;
  direction: 'outbound' | 'inbound';
  isTest: boolean;
  status: string;
  sourceType: string;
  sourceId: string | null;
  sentAt: number | null;
}
export interface MClick {
  subscriberId: string;
  isBot: boolean;
  clickedAt: number;
}
export interface MShop {
  customers: MCustomer[];
  orders: MOrder[];
  lineItems: MLineItem[];
  checkouts: MCheckout[];
  subscribers: MSubscriber[];
  messages: MMessage[];
  clicks: MClick[];
}
