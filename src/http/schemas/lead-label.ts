import { Type } from '@sinclair/typebox';
import type { InterestSentiment, LeadLabelRow } from '../../store/lead-label-repository.js';
import { DateTime, LongText, NameText, Nullable, PageLimit, SearchText, Uuid } from './common.js';

const SENTIMENTS = ['positive', 'negative', 'neutral'] as const satisfies readonly InterestSentiment[];

const Sentiment = (description: string) => Type.Unsafe<InterestSentiment>({ type: 'string', enum: [...SENTIMENTS], description });

export const LeadLabel = Type.Object(
  {
    id: Uuid({ description: 'Unique identifier for the custom lead label' }),
    timestamp_created: DateTime({ description: 'Timestamp when the custom lead label was created' }),
    created_by: Uuid({ description: 'User ID of the creator of this label' }),
    organization_id: Uuid({ description: 'Workspace ID that owns this custom lead label' }),
    label: Type.String({ description: 'Display label for the custom lead label' }),
    interest_status_label: Sentiment('Interest status label associated with this label'),
    interest_status: Type.Integer({
      description:
        'The custom interest status value leads carry in lt_interest_status. Generated: 5, 6, 7… for positive and neutral labels, -5, -6, -7… for negative ones; never a built-in value and never reused in the workspace.',
    }),
    description: Type.Optional(Nullable(Type.String(), { description: 'Detailed description of the custom lead label purpose' })),
    use_with_ai: Type.Optional(Nullable(Type.Boolean(), { description: 'Whether this label should be used with AI features' })),
  },
  { title: 'Lead Label', additionalProperties: false },
);

const writable = {
  label: NameText({ minLength: 1, description: 'Display label for the custom lead label' }),
  interest_status_label: Sentiment('Interest status label associated with this label'),
  description: Type.Optional(Nullable(LongText(), { description: 'Detailed description of the custom lead label purpose' })),
  use_with_ai: Type.Optional(Nullable(Type.Boolean(), { description: 'Whether this label should be used with AI features (null is stored as false)' })),
};

export const CreateLeadLabel = Type.Object(writable, { additionalProperties: false });
export const UpdateLeadLabel = Type.Object(
  { ...writable, label: Type.Optional(writable.label), interest_status_label: Type.Optional(writable.interest_status_label) },
  { additionalProperties: false, minProperties: 1 },
);

export const ListLeadLabelsQuery = Type.Object({
  limit: Type.Optional(PageLimit),
  starting_after: Type.Optional(Type.String({ description: 'The id of the last label of the previous page, or a timestamp: labels created after it' })),
  search: Type.Optional(SearchText({ description: 'Part of the label, case-insensitive' })),
  interest_status: Type.Optional(Sentiment('Only labels with this interest_status_label')),
});

export const DeleteLeadLabelBody = Type.Object(
  {
    reassigned_status: Type.Optional(
      // An integer in the column's range: 1.5 or 1e12 would otherwise reach the database and fail there.
      Type.Integer({
        minimum: -2147483648,
        maximum: 2147483647,
        description:
          'The interest status to move the leads carrying this label to: a built-in status or another label\'s value. Without it those leads lose their interest status ("Lead").',
      }),
    ),
  },
  { additionalProperties: false },
);

function isSentiment(value: string): value is InterestSentiment {
  return (SENTIMENTS as readonly string[]).includes(value);
}

/**
 * `createdBy` stands in for a label written outside the API without a creator: the wire requires
 * a user id, and the workspace owner is who the API acts as.
 */
export function leadLabelToWire(row: LeadLabelRow, createdBy: string) {
  // The column's CHECK admits only these three; anything else is a corrupt row, not a client error.
  if (!isSentiment(row.interest_status_label)) throw new Error(`lead label ${row.id} has interest_status_label ${row.interest_status_label}`);
  return {
    id: row.id,
    timestamp_created: row.timestamp_created.toISOString(),
    created_by: row.created_by ?? createdBy,
    organization_id: row.workspace_id,
    label: row.label,
    interest_status_label: row.interest_status_label,
    interest_status: row.interest_status,
    description: row.description,
    use_with_ai: row.use_with_ai,
  };
}
