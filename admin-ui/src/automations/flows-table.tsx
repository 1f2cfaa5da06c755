// The automations list: each flow with its kind, on/off switch and its figures over the page's date range
// (each figure marked data-figure="<flow>:<name>" for the browser tests).
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
  /** Figures for another range are on their way. */
  loading?: boolean;
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

function Figure({ value, name }: { value: string; name: string }) {
  return (
    <span data-figure={name}>
      <Text as="span" alignment="end" numeric>
        {value}
      </Text>
    </span>
  );
}

export function FlowsTable({ flows, pending, loading = false, onToggle }: FlowsTableProps) {
  return (
    <Card padding="0">
      <IndexTable
        resourceName={{ singular: 'automation', plural: 'automations' }}
        itemCount={flows.length}
        selectable={false}
        loading={loading}
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
              <Figure name={`${flow.key}:sent`} value={formatCount(flow.stats.sent)} />
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Figure name={`${flow.key}:delivered`} value={formatCount(flow.stats.delivered)} />
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Figure name={`${flow.key}:clicks`} value={formatCount(flow.stats.clicks)} />
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Figure name={`${flow.key}:orders`} value={formatCount(flow.stats.orders)} />
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Figure
                name={`${flow.key}:revenue`}
                value={formatMoney(flow.stats.revenue, flow.stats.currency)}
              />
            </IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
    </Card>
  );
}
