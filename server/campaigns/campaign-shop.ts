// The shop facts a campaign needs: name, domain and sender (rendering, UTM), time zone (schedules),
// country and prices (estimates), the verified test number (test sends).
import type { AppContext } from '../app-context.js';
import { loadAutomationShop, type AutomationShop } from '../automations/automation-sender.js';
import { AppError } from '../errors.js';
import { loadSendingSettings } from '../messaging/outbox/shop-sending-settings.js';

export interface CampaignShop extends AutomationShop {
  timezone: string;
  pricesMicros: Record<string, number>;
  testPhone: string | null;
}

export async function loadCampaignShop(app: AppContext, shopId: string): Promise<CampaignShop> {
  const shop = await loadAutomationShop(app.database.db, shopId);
  if (!shop) throw new AppError({ code: 'shop_not_found', status: 404, message: 'Shop not found' });
  const [sending, zone] = await Promise.all([
    loadSendingSettings(app.database.pool, [shopId]).then((m) => m.get(shopId)),
    app.database.pool.query<{ timezone: string }>('SELECT timezone FROM shops WHERE id = $1', [shopId]),
  ]);
  return {
    ...shop,
    timezone: zone.rows[0]?.timezone ?? 'UTC',
    pricesMicros: sending?.pricesMicros ?? {},
    testPhone: sending?.testPhone ?? null,
  };
}
