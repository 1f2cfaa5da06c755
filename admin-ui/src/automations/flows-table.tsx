// The automations list: each flow with its kind, on/off switch and last-30-days figures.
import { BlockStack, Card, IndexTable, Link, Text } from '@shopify/polaris';
import type { AutomationFlow, AutomationFlowKey } from '../../../server/contracts/index.js';
import { flowPath } from './flow-path.js';
import { FlowSwitch } from './flow-switch.js';
import { formatCount, formatMoney } from './format.js';
import { KindBadge } from './kind-badge.js';

interface FlowsTableProps {
  flows: readonly AutomationFlow[];
  /** Flows whose on/off change is being saved. */
  pending: ReadonlySet<AutomationFlowKey>;
  onToggle(flow: AutomationFlow, enabled: boolean): void;
}

const HEADINGS = [
  { title: 'Automation' },
  { title: 'Type' },
  { title: 'Status' },
  { title: 'Sent', alignment: 'end' },
  { title: 'Delivered', alignment: 'end' },
  { title: 'Clicks', alignment: 'end' },
  { title: 'Orders', alignment: 'end' },
  { title: 'Revenue', alignment: 'end' },
] as const;

function Figure({ value }: { value: string }) {
  return (
    <Text as="span" alignment="end" numeric>
      {value}
    </Text>
  );
}

export function FlowsTable({ flows, pending, onToggle }: FlowsTableProps) {
  return (
    <Card padding="0">
      <IndexTable
        resourceName={{ singular: 'automation', plural: 'automations' }}
        itemCount={flows.length}
        selectable={false}
        headings={[...HEADINGS]}
      >
        {flows.map((flow, index) => (
          <IndexTable.Row id={flow.key} key={flow.key} position={index}>
            <IndexTable.Cell>
              <div style={{ maxWidth: 340, whiteSpace: 'normal' }}>
                <BlockStack gap="050">
                  <Link url={flowPath(flow.key)} removeUnderline monochrome>
                    <Text as="span" fontWeight="semibold">
                      {flow.title}
                    </Text>
                  </Link>
                  <Text as="span" variant="bodySm" tone="subdued">
                    {flow.description}
                  </Text>
                </BlockStack>
              </div>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <KindBadge kind={flow.kind} />
            </IndexTable.Cell>
            <IndexTable.Cell>
              <FlowSwitch
                checked={flow.enabled}
                label={`${flow.title} enabled`}
                busy={pending.has(flow.key)}
                disabled={pending.has(flow.key)}
                onChange={(enabled) => onToggle(flow, enabled)}
              />
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Figure value={formatCount(flow.stats.sent)} />
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Figure value={formatCount(flow.stats.delivered)} />
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Figure value={formatCount(flow.stats.clicks)} />
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Figure value={formatCount(flow.stats.orders)} />
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Figure value={formatMoney(flow.stats.revenue, flow.stats.currency)} />
            </IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
    </Card>
  );
}
