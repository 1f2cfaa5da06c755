// A group of conditions combined with AND (all of them) or OR (any of them), holding conditions and nested
// groups (up to the contract's depth), with buttons to add either. A NOT group shows its one member.
import { Badge, BlockStack, Box, Button, InlineError, InlineStack, Select, Text } from '@shopify/polaris';
import { PlusIcon } from '@shopify/polaris-icons';
import {
  SEGMENT_MAX_DEPTH,
  type SegmentCondition,
  type SegmentNode,
} from '../../../server/contracts/index.js';
import { useBuilder } from './builder-context.js';
import { conditionFields } from './condition-catalog.js';
import { ConditionRow } from './condition-row.js';
import { pathKey, removeAt, type Path } from './definition-edit.js';

const combineOptions = [
  { value: 'and', label: 'all of these conditions (AND)' },
  { value: 'or', label: 'any of these conditions (OR)' },
];

const isGroup = (n: SegmentNode): boolean => n.kind === 'and' || n.kind === 'or' || n.kind === 'not';

function Member({
  node,
  path,
  depth,
  onRemove,
}: {
  node: SegmentNode;
  path: Path;
  depth: number;
  onRemove: () => void;
}) {
  if (!isGroup(node))
    return <ConditionRow condition={node as SegmentCondition} path={path} onRemove={onRemove} />;
  return (
    <Box
      borderColor="border"
      borderWidth="025"
      borderRadius="200"
      padding="300"
      background="bg-surface-secondary"
    >
      <GroupEditor node={node} path={path} depth={depth} onRemove={onRemove} />
    </Box>
  );
}

export function GroupEditor({
  node,
  path,
  depth,
  onRemove,
}: {
  node: SegmentNode;
  path: Path;
  depth: number;
  /** Removes this group from its parent; undefined for the root. */
  onRemove?: () => void;
}) {
  const { set, errors, definition } = useBuilder();
  if (node.kind === 'not') {
    return (
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="p" fontWeight="medium">
            Customers who do not match:
          </Text>
          {onRemove && (
            <Button variant="plain" tone="critical" onClick={onRemove}>
              Remove group
            </Button>
          )}
        </InlineStack>
        <Member
          node={node.condition}
          path={[...path, 'condition']}
          depth={depth + 1}
          onRemove={() => onRemove?.()}
        />
      </BlockStack>
    );
  }
  if (node.kind !== 'and' && node.kind !== 'or') return null;
  const conditionsPath = [...path, 'conditions'];
  const groupError = errors[pathKey(conditionsPath)] ?? (path.length === 0 ? errors[''] : undefined);
  const add = (member: SegmentNode) => set(conditionsPath, [...node.conditions, member]);
  const joiner = node.kind === 'and' ? 'AND' : 'OR';
  return (
    <BlockStack gap="300">
      <InlineStack gap="200" blockAlign="center" align="space-between">
        <InlineStack gap="200" blockAlign="center">
          <Text as="span">{path.length === 0 ? 'Customers matching' : 'Matching'}</Text>
          <Select
            label={path.length === 0 ? 'Combine conditions' : 'Combine group conditions'}
            labelHidden
            options={combineOptions}
            value={node.kind}
            onChange={(next) => set([...path, 'kind'], next)}
          />
        </InlineStack>
        {onRemove && (
          <Button variant="plain" tone="critical" onClick={onRemove}>
            Remove group
          </Button>
        )}
      </InlineStack>
      {node.conditions.map((member, i) => (
        <BlockStack gap="200" key={i}>
          {i > 0 && (
            <div>
              <Badge tone={node.kind === 'and' ? 'info' : 'attention'}>{joiner}</Badge>
            </div>
          )}
          <Member
            node={member}
            path={[...conditionsPath, i]}
            depth={depth + 1}
            onRemove={() => set([], removeAt(definition, conditionsPath, i))}
          />
        </BlockStack>
      ))}
      {groupError !== undefined && <InlineError message={groupError} fieldID={`group-${pathKey(path)}`} />}
      <InlineStack gap="200">
        <Button icon={PlusIcon} onClick={() => add(conditionFields.total_spent.initial)}>
          Add condition
        </Button>
        {depth <= SEGMENT_MAX_DEPTH - 2 && (
          <Button
            icon={PlusIcon}
            variant="tertiary"
            onClick={() =>
              add({
                kind: node.kind === 'and' ? 'or' : 'and',
                conditions: [conditionFields.order_count.initial],
              })
            }
          >
            Add group
          </Button>
        )}
      </InlineStack>
    </BlockStack>
  );
}
