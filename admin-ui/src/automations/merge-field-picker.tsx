// "Insert merge field": the fields this flow can fill, grouped, each inserting `{{ root.name }}`.
import { ActionList, Button, Popover } from '@shopify/polaris';
import { useState } from 'react';
import type { MergeFieldGroup } from '../../../server/contracts/templates.js';

interface MergeFieldPickerProps {
  groups: readonly MergeFieldGroup[];
  disabled?: boolean;
  onInsert(tag: string): void;
}

export const mergeTag = (root: string, name: string): string => `{{ ${root}.${name} }}`;

export function MergeFieldPicker({ groups, disabled = false, onInsert }: MergeFieldPickerProps) {
  const [open, setOpen] = useState(false);
  const activator = (
    <Button disclosure={open ? 'up' : 'down'} onClick={() => setOpen((v) => !v)} disabled={disabled}>
      Insert merge field
    </Button>
  );
  return (
    <Popover active={open} activator={activator} onClose={() => setOpen(false)} preferredAlignment="left">
      <Popover.Pane>
        <ActionList
          actionRole="menuitem"
          sections={groups.map((group) => ({
            title: group.label,
            items: group.fields.map((field) => ({
              content: mergeTag(group.root, field.name),
              helpText: `${field.description} · e.g. ${field.example}`,
              onAction: () => {
                setOpen(false);
                onInsert(mergeTag(group.root, field.name));
              },
            })),
          }))}
        />
      </Popover.Pane>
    </Popover>
  );
}
