// The segment form: name and description, the condition builder, the live count, and Save (Delete for a
// saved segment). Problems are shown next to their fields as the merchant edits; nothing is sent while
// the definition has any, and the server's answers (a name too long, a product never sold) land there too.
import { BlockStack, Card, Layout, Modal, Page, Text, TextField, Banner } from '@shopify/polaris';
import { useCallback, useMemo, useState } from 'react';
import type {
  Segment,
  SegmentInput,
  SegmentNode,
  SegmentTemplateKey,
} from '../../../server/contracts/index.js';
import { ApiError } from '../api/api-error.js';
import { BuilderContext, type BuilderContextValue } from './builder-context.js';
import { definitionErrors, definitionFieldErrors, setAt, type Path } from './definition-edit.js';
import { GroupEditor } from './group-editor.js';
import { PreviewCard } from './preview-card.js';
import { createSegment, deleteSegment, updateSegment } from './segment-api.js';
import { SEGMENTS_PATH } from './segment-paths.js';
import { useSegmentPreview } from './use-segment-preview.js';
import './segment-builder.css';

export interface SegmentDraft {
  id: string | null;
  name: string;
  description: string;
  templateKey: SegmentTemplateKey | null;
  definition: SegmentNode;
}

/** The builder edits a group at the root: a lone condition is shown as a group of one. */
export function rootGroup(definition: SegmentNode): SegmentNode {
  return definition.kind === 'and' || definition.kind === 'or'
    ? definition
    : { kind: 'and', conditions: [definition] };
}

interface Props {
  initial: SegmentDraft;
  currency: string;
  productTitles: ReadonlyMap<string, string>;
  /** A note above the form (e.g. what a template still needs). */
  note?: string;
  onSaved(segment: Segment, created: boolean): void;
  onDeleted(): void;
  onError(message: string): void;
}

export function SegmentEditor({
  initial,
  currency,
  productTitles,
  note,
  onSaved,
  onDeleted,
  onError,
}: Props) {
  const [name, setName] = useState(initial.name);
  const [description, setDescription] = useState(initial.description);
  const [definition, setDefinition] = useState<SegmentNode>(() => rootGroup(initial.definition));
  const [titles, setTitles] = useState<ReadonlyMap<string, string>>(productTitles);
  const [serverErrors, setServerErrors] = useState<{ key: string; fields: Record<string, string> }>();
  const [nameError, setNameError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);

  const localErrors = useMemo(() => definitionErrors(definition), [definition]);
  const valid = Object.keys(localErrors).length === 0;
  const preview = useSegmentPreview(definition, valid);
  const key = JSON.stringify(definition);
  const previewErrors =
    preview.answer?.status === 'failed' && preview.answer.key === key ? preview.answer.fieldErrors : {};
  const savedErrors = serverErrors?.key === key ? serverErrors.fields : {};
  const errors = { ...savedErrors, ...previewErrors, ...localErrors };

  const set = useCallback((path: Path, value: unknown) => setDefinition((d) => setAt(d, path, value)), []);
  const builder: BuilderContextValue = {
    definition,
    errors,
    set,
    currency,
    productTitles: titles,
    rememberProducts: (pairs) => setTitles((current) => new Map([...current, ...pairs])),
  };

  const save = async () => {
    const trimmed = name.trim();
    if (trimmed === '') {
      setNameError('Name is required');
      return;
    }
    if (!valid) return;
    const body: SegmentInput = {
      name: trimmed,
      description: description.trim() === '' ? null : description.trim(),
      templateKey: initial.templateKey,
      definition,
    };
    setSaving(true);
    try {
      const saved = initial.id === null ? await createSegment(body) : await updateSegment(initial.id, body);
      onSaved(saved, initial.id === null);
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fields).length > 0) {
        setServerErrors({ key, fields: definitionFieldErrors(error.fields) });
        setNameError(error.fields.name);
      }
      onError(`Couldn't save the segment: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (initial.id === null) return;
    setDeleting(true);
    try {
      await deleteSegment(initial.id);
      onDeleted();
    } catch (error) {
      onError(`Couldn't delete the segment: ${error instanceof Error ? error.message : String(error)}`);
      setDeleting(false);
      setConfirmDelete(false);
    }
  };

  return (
    <Page
      title={initial.id === null ? 'New segment' : initial.name}
      backAction={{ content: 'Segments', url: SEGMENTS_PATH }}
      primaryAction={{ content: 'Save', onAction: () => void save(), loading: saving, disabled: !valid }}
      secondaryActions={
        initial.id === null
          ? []
          : [{ content: 'Delete', destructive: true, onAction: () => setConfirmDelete(true) }]
      }
    >
      <Layout>
        {note !== undefined && (
          <Layout.Section>
            <Banner tone="info">
              <p>{note}</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <TextField
                label="Name"
                autoComplete="off"
                value={name}
                error={nameError}
                onChange={(next) => {
                  setName(next);
                  setNameError(undefined);
                }}
              />
              <TextField
                label="Description"
                autoComplete="off"
                value={description}
                placeholder="Optional: what this group is for"
                onChange={setDescription}
              />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Conditions
              </Text>
              <BuilderContext.Provider value={builder}>
                <GroupEditor node={definition} path={[]} depth={1} />
              </BuilderContext.Provider>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <PreviewCard state={preview} valid={valid} currency={currency} />
        </Layout.Section>
      </Layout>
      <Modal
        open={confirmDelete}
        title={`Delete ${initial.name}?`}
        onClose={() => setConfirmDelete(false)}
        primaryAction={{
          content: 'Delete',
          destructive: true,
          loading: deleting,
          onAction: () => void remove(),
        }}
        secondaryActions={[{ content: 'Cancel', onAction: () => setConfirmDelete(false) }]}
      >
        <Modal.Section>
          <Text as="p">The segment is deleted for good. Customers in it are not affected.</Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}
