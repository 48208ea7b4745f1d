import { type Static, Type } from '@sinclair/typebox';
import type { SubsequenceRow } from '../../store/subsequence-repository.js';
import { CAMPAIGN_STATUSES, Campaign } from './campaign.js';
import { DateTime, NameText, Nullable, SearchText, Uuid } from './common.js';

const enumOf = <T extends string | number>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: typeof values[0] === 'number' ? 'number' : 'string', enum: [...values], ...(description !== undefined ? { description } : {}) });

// The vendor's subsequence schedule is the campaign schedule word for word: one schema, not two.
const SubsequenceSchedule = Campaign.properties.campaign_schedule;
const campaignStep = Campaign.properties.sequences.items.properties.steps.items;

/**
 * Subsequence steps take the campaign's step, with the vendor's subsequence limits on variants:
 * 1 to 26 of them. "At least one enabled" is checked by the route, where the message can say so.
 */
const Step = Type.Object(
  {
    ...campaignStep.properties,
    variants: Type.Array(campaignStep.properties.variants.items, { minItems: 1, maxItems: 26 }),
  },
  { additionalProperties: false },
);
const Sequences = Type.Array(Type.Object({ steps: Type.Array(Step) }, { additionalProperties: false }), {
  description: 'The e-mail copy; as with the vendor, only the first sequence is used',
});

export const LEAD_ACTIVITIES = [4, 91, 2] as const;

/** Unknown condition names are dropped (as everywhere in the body) rather than stored unseen. */
const Conditions = Type.Object(
  {
    crm_status: Type.Optional(
      Type.Array(Type.Integer({ minimum: -30000, maximum: 30000 }), {
        description: 'Interest statuses that trigger the subsequence: built-in ones or the value of one of your lead labels',
      }),
    ),
    lead_activity: Type.Optional(Type.Array(enumOf(LEAD_ACTIVITIES, '2 Email Opened, 4 Email Link Clicked, 91 Campaign Completed Without Reply'))),
    reply_contains: Type.Optional(SearchText()),
  },
  { additionalProperties: false, description: 'Conditions that trigger the subsequence' },
);

/** Every writable field other than name and conditions, kept together in the settings document. */
const settingsProperties = {
  subsequence_schedule: Type.Optional(SubsequenceSchedule),
  sequences: Type.Optional(Sequences),
  auto_variant_select: Campaign.properties.auto_variant_select,
  daily_limit_mode: Type.Optional(enumOf(['inherit', 'custom', 'unlimited'] as const)),
  daily_limit: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
  ignore_account_daily_limit: Type.Optional(Type.Boolean()),
};

export const Subsequence = Type.Object(
  {
    id: Uuid(),
    timestamp_created: DateTime(),
    parent_campaign: Uuid({ description: 'ID of the parent campaign' }),
    workspace: Uuid({ description: 'ID of the workspace this subsequence belongs to' }),
    status: enumOf(CAMPAIGN_STATUSES, 'Status of the subsequence; 0 (draft) until it is started'),
    timestamp_leads_updated: DateTime({ description: 'Last time a lead was moved into or out of the subsequence' }),
    name: Type.String(),
    conditions: Conditions,
    ...settingsProperties,
  },
  { title: 'CampaignSubsequence', additionalProperties: false },
);

export const CreateSubsequence = Type.Object(
  {
    parent_campaign: Uuid({ description: 'ID of the parent campaign' }),
    name: NameText({ minLength: 1 }),
    conditions: Conditions,
    ...settingsProperties,
  },
  { additionalProperties: false, description: 'Without subsequence_schedule, the parent campaign\'s schedule is copied' },
);

export const UpdateSubsequence = Type.Object(
  {
    name: Type.Optional(NameText({ minLength: 1 })),
    conditions: Type.Optional(Conditions),
    ...settingsProperties,
  },
  { additionalProperties: false, minProperties: 1 },
);

export const SubsequenceListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 100 })),
  starting_after: Type.Optional(Uuid({ description: 'The ID of the last item in the previous page' })),
  parent_campaign: Type.Optional(Uuid({ description: 'Only the subsequences of this campaign' })),
  parent_campaign_not: Type.Optional(Uuid({ description: 'Only the subsequences of the other campaigns' })),
  search: Type.Optional(SearchText({ description: 'Search by subsequence name' })),
});

export type SubsequenceWire = Static<typeof Subsequence>;
export type SubsequenceConditions = Static<typeof Conditions>;
/** The writable fields (a create body without its parent_campaign fits too). */
export type SubsequenceFields = Static<typeof UpdateSubsequence>;

/** Splits an update body (or a create body without its parent) into columns and the settings document. */
export function splitSubsequenceBody(body: SubsequenceFields): { name?: string; conditions?: SubsequenceConditions; settings: Record<string, unknown> } {
  const { name, conditions, ...settings } = body;
  return { ...(name !== undefined ? { name } : {}), ...(conditions !== undefined ? { conditions } : {}), settings };
}

/**
 * Where a body's sequences leave a step with every variant disabled: such a step could never
 * send, and the vendor's schema refuses it. Null when every step has an enabled variant.
 */
export function stepWithoutEnabledVariant(body: SubsequenceFields): string | null {
  for (const [s, sequence] of (body.sequences ?? []).entries()) {
    for (const [i, step] of sequence.steps.entries()) {
      if (step.variants.every((v) => v.v_disabled === true)) return `body/sequences/${s}/steps/${i}/variants`;
    }
  }
  return null;
}

/** The settings document as CreateSubsequence and UpdateSubsequence validated it. */
const StoredSettings = Type.Object(settingsProperties);

function subsequenceStatus(value: number): SubsequenceWire['status'] {
  const status = CAMPAIGN_STATUSES.find((s) => s === value);
  if (status === undefined) throw new Error(`subsequence status ${value} is not one the vendor defines`);
  return status;
}

export function subsequenceToWire(row: SubsequenceRow): SubsequenceWire {
  return {
    ...(row.settings as Static<typeof StoredSettings>),
    id: row.id,
    timestamp_created: row.timestamp_created.toISOString(),
    parent_campaign: row.parent_campaign_id,
    workspace: row.workspace_id,
    status: subsequenceStatus(row.status),
    timestamp_leads_updated: row.timestamp_leads_updated.toISOString(),
    name: row.name,
    conditions: row.conditions as SubsequenceConditions,
  };
}
