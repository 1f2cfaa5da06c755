// Transactional (order updates) or Marketing (needs marketing consent, carries the opt-out footer).
import { Badge } from '@shopify/polaris';
import type { AutomationKind } from '../../../server/contracts/index.js';

export function KindBadge({ kind }: { kind: AutomationKind }) {
  return kind === 'transactional' ? (
    <Badge tone="info">Transactional</Badge>
  ) : (
    <Badge tone="magic">Marketing</Badge>
  );
}
