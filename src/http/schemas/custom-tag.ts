import { Type } from '@sinclair/typebox';
import { isUuid } from '../../domain/uuid.js';
import type { CustomTagMappingRow, CustomTagRow } from '../../store/custom-tag-repository.js';
import { badRequest } from '../errors.js';
import { DateTime, LongText, NameText, Nullable, PageLimit, SearchText, Uuid } from './common.js';

/** The vendor's resource types for a mapping: 1 an e-mail account, 2 a campaign (its x-enumDescriptions). */
export const RESOURCE_TYPE = { account: 1, campaign: 2 } as const;

const ResourceType = Type.Unsafe<1 | 2>({
  type: 'number',
  enum: [RESOURCE_TYPE.account, RESOURCE_TYPE.campaign],
  description: '1: an e-mail account (Leadbase has none, so it is refused), 2: a campaign',
});

export const CustomTag = Type.Object(
  {
    id: Uuid({ description: 'Unique identifier for the custom tag' }),
    timestamp_created: DateTime({ description: 'Timestamp when the custom tag was created' }),
    timestamp_updated: DateTime({ description: 'Timestamp when the custom tag was last updated' }),
    organization_id: Uuid({ description: 'Workspace ID that owns this custom tag' }),
    label: Type.String({ minLength: 1, description: 'Display label for the custom tag, unique in the workspace (stored trimmed)' }),
    description: Type.Optional(Nullable(Type.String(), { description: 'Detailed description of the custom tag purpose' })),
  },
  { title: 'Custom Tag', additionalProperties: false },
);

const Label = NameText({ minLength: 1, pattern: '.*\\S.*', description: 'Display label for the custom tag. Must be unique per workspace after trimming whitespace.' });
const Description = Nullable(LongText(), { description: 'Detailed description of the custom tag purpose' });

export const CreateCustomTag = Type.Object({ label: Label, description: Type.Optional(Description) }, { additionalProperties: false });
export const UpdateCustomTag = Type.Object({ label: Type.Optional(Label), description: Type.Optional(Description) }, { additionalProperties: false, minProperties: 1 });

const idList = (description: string) => Type.Optional(Type.String({ maxLength: 37 * 1000, description: `${description} Comma-separated.` }));

export const CustomTagListQuery = Type.Object({
  limit: Type.Optional(PageLimit),
  starting_after: Type.Optional(Uuid({ description: 'The ID of the last item in the previous page' })),
  search: Type.Optional(SearchText({ description: 'Part of the label, case-insensitive' })),
  resource_ids: idList('Only tags put on one of these campaigns.'),
  tag_ids: idList('Only these tags.'),
});

export const CustomTagMapping = Type.Object(
  {
    id: Uuid({ description: 'A Unique identifier' }),
    tag_id: Uuid({ description: 'ID of the tag this custom mapping belongs to' }),
    resource_id: Uuid({ description: 'ID of the campaign the tag is on' }),
    resource_type: ResourceType,
    timestamp_created: DateTime({ description: 'Timestamp when the custom tag mapping was created' }),
    organization_id: Uuid({ description: 'Workspace ID that owns this custom tag mapping' }),
  },
  { title: 'Custom Tag Mapping', additionalProperties: false },
);

export const CustomTagMappingListQuery = Type.Object({
  limit: Type.Optional(PageLimit),
  starting_after: Type.Optional(Uuid({ description: 'The ID of the last item in the previous page' })),
  resource_ids: idList('Only mappings of these campaigns.'),
});

// The account-status words of the vendor's selected-all filter; they select e-mail accounts only.
const ACCOUNT_FILTERS = [
  'ACC_FILTER_PAUSED',
  'ACC_FILTER_ERROR',
  'ACC_FILTER_NO_CTD',
  'ACC_FILTER_PW_ACCOUNTS',
  'ACC_FILTER_DFY',
  'ACC_FILTER_DFY_SETUP_PENDING',
  'ACC_FILTER_W_ACTIVE',
  'ACC_FILTER_W_PAUSED',
  'ACC_FILTER_W_ERROR',
] as const;
const AccountFilter = Type.Unsafe<(typeof ACCOUNT_FILTERS)[number] | null>({ type: ['string', 'null'], enum: [...ACCOUNT_FILTERS, null] });

export const ToggleResourceBody = Type.Object(
  {
    tag_ids: Type.Array(Uuid(), { minItems: 1, maxItems: 1000, description: 'The list of tag ids to assign or unassign' }),
    resource_type: ResourceType,
    resource_ids: Type.Optional(Type.Array(Uuid(), { minItems: 1, maxItems: 1000, description: 'The campaigns. Required unless `selected_all` is `true`.' })),
    excluded_resource_ids: Type.Optional(Type.Array(Uuid(), { minItems: 1, maxItems: 10000, description: 'Campaigns left out when `selected_all` is `true`.' })),
    assign: Type.Boolean({ description: 'Whether to assign the tags to the resources (false: take them off).' }),
    selected_all: Type.Optional(Type.Boolean({ description: 'Whether to select all campaigns (those matching `search` when given).' })),
    filter: Type.Optional(
      Type.Union([
        AccountFilter,
        Type.Object(
          {
            tag_id: Type.Optional(Type.String()),
            tag_ids: Type.Optional(Type.Array(Uuid(), { minItems: 1 })),
            tag_ids_all: Type.Optional(Type.Array(Uuid(), { minItems: 1 })),
            filter: Type.Optional(AccountFilter),
            search: Type.Optional(SearchText()),
          },
          { additionalProperties: false },
        ),
      ], { description: 'Selected-all filter. Leadbase takes its `search` only: the others select e-mail accounts or tags and are refused.' }),
    ),
    search: Type.Optional(SearchText({ description: 'Selected-all search: campaigns whose name contains it. If omitted, `filter.search` is used when present.' })),
  },
  { additionalProperties: false },
);

export const ToggleResourceAnswer = Type.Object({ success: Type.Boolean() });

/**
 * A comma-separated list of ids, as the vendor's query strings carry them; empty entries are
 * ignored. Undefined when the parameter is absent or has no id at all.
 */
export function parseIdList(value: string | undefined, field: string): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = value.split(',').map((id) => id.trim()).filter((id) => id !== '');
  const bad = ids.find((id) => !isUuid(id));
  if (bad !== undefined) throw badRequest(`${field} must be a comma-separated list of UUIDs; ${JSON.stringify(bad.slice(0, 100))} is not one`);
  return ids.length === 0 ? undefined : ids.map((id) => id.toLowerCase());
}

export function customTagToWire(row: CustomTagRow) {
  return {
    id: row.id,
    timestamp_created: row.timestamp_created.toISOString(),
    timestamp_updated: row.timestamp_updated.toISOString(),
    organization_id: row.workspace_id,
    label: row.label,
    description: row.description,
  };
}

export function customTagMappingToWire(row: CustomTagMappingRow) {
  return {
    id: row.id,
    tag_id: row.tag_id,
    resource_id: row.campaign_id,
    resource_type: RESOURCE_TYPE.campaign,
    timestamp_created: row.timestamp_created.toISOString(),
    organization_id: row.workspace_id,
  };
}
