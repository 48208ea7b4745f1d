import { type Static, Type } from '@sinclair/typebox';
import { CustomValues, EmailText, LongText, NameText, Nullable, PhoneText, UrlText, Uuid } from './schema-fields.js';

// The lead a client sends (single create, bulk add, update), as a schema: the HTTP layer
// validates requests with it and the services take its type, so neither defines it twice.

// An integer within the column's range: 1.5 or 1e12 would otherwise reach the database and fail there.
export const InterestStatus = Type.Integer({
  minimum: -2147483648,
  maximum: 2147483647,
  description:
    'Lead interest status: 1 Interested, 2 Meeting Booked, 3 Meeting Completed, 4 Won, 0 Out of Office, -1 Not Interested, -2 Wrong Person, -3 Lost, -4 No Show, or a custom lead label value',
});

export const CustomVariables = CustomValues({
  description: 'Custom variables of the lead (scalar values only); they are stored in the lead payload.',
});

/** Fields a client may write on a lead, shared by create, bulk add and update. */
export const writableLeadFields = {
  email: Type.Optional(Nullable(EmailText(), { description: 'Email address of the lead' })),
  personalization: Type.Optional(Nullable(LongText())),
  website: Type.Optional(Nullable(UrlText())),
  last_name: Type.Optional(Nullable(NameText())),
  first_name: Type.Optional(Nullable(NameText())),
  company_name: Type.Optional(Nullable(NameText())),
  job_title: Type.Optional(Nullable(NameText())),
  phone: Type.Optional(Nullable(PhoneText())),
  lt_interest_status: Type.Optional(InterestStatus),
  pl_value_lead: Type.Optional(Nullable(NameText())),
  assigned_to: Type.Optional(Nullable(Uuid())),
  custom_variables: Type.Optional(CustomVariables),
};

export const BulkLead = Type.Object(writableLeadFields, { additionalProperties: false });

/** One lead as bulk add, single create and the Smartlead paths hand it to lead intake. */
export type LeadToAdd = Static<typeof BulkLead>;
