// The demo shop local mode acts as.
export const DEMO_SHOP_DOMAIN = 'demo.myshopify.com';
