import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  SMARTLEAD_CATEGORIES,
  interestOfCategory,
  smartleadCampaignStatus,
  smartleadCategoryId,
  smartleadFieldsOf,
  smartleadLeadStatus,
  toLeadbaseLead,
} from '../../src/domain/smartlead-lead.js';
import { importCounts } from '../../src/services/smartlead-lead-import.js';

describe('Smartlead rows as Leadbase leads', () => {
  test('maps the fields Smartlead names differently', () => {
    assert.deepEqual(toLeadbaseLead({ email: 'a@example.com', first_name: 'A', last_name: 'B', company: 'Acme', phone_number: '+1 2', website: 'acme.example' }), {
      email: 'a@example.com',
      first_name: 'A',
      last_name: 'B',
      company_name: 'Acme',
      phone: '+1 2',
      website: 'acme.example',
    });
  });

  test('company_name wins over company; a numeric phone becomes text; null stays null', () => {
    assert.deepEqual(toLeadbaseLead({ company: 'Old', company_name: 'New', phone_number: 5551234 }), { company_name: 'New', phone: '5551234' });
    assert.deepEqual(toLeadbaseLead({ company_name: null, phone_number: null }), { company_name: null, phone: null });
  });

  test('location, linkedin_profile, company_url, custom_fields and loose columns become custom variables', () => {
    const row = { email: 'a@example.com', location: 'Berlin', linkedin_profile: 'li/a', company_url: 'acme.example', Title: 'CTO', seats: 3, custom_fields: { tier: 'gold', Title: 'Chief' } };
    assert.deepEqual(toLeadbaseLead(row).custom_variables, { Title: 'Chief', seats: 3, location: 'Berlin', linkedin_profile: 'li/a', company_url: 'acme.example', tier: 'gold' });
  });

  test('no custom variables when there are none', () => {
    assert.equal('custom_variables' in toLeadbaseLead({ email: 'a@example.com' }), false);
  });

  test('smartleadFieldsOf takes the promoted fields back out of the custom variables', () => {
    assert.deepEqual(smartleadFieldsOf({ location: 'Berlin', tier: 'gold', company_url: null }), {
      location: 'Berlin',
      linkedin_profile: null,
      company_url: null,
      custom_fields: { tier: 'gold' },
    });
    assert.deepEqual(smartleadFieldsOf(null), { location: null, linkedin_profile: null, company_url: null, custom_fields: {} });
  });
});

describe('statuses', () => {
  test('lead and campaign statuses, and interest as lead category', () => {
    assert.deepEqual([1, 2, 3, -1, -2, -3].map(smartleadLeadStatus), ['STARTED', 'PAUSED', 'COMPLETED', 'BLOCKED', 'STOPPED', 'STOPPED']);
    assert.deepEqual([0, 1, 2, 3, 4, -99].map(smartleadCampaignStatus), ['DRAFTED', 'ACTIVE', 'PAUSED', 'COMPLETED', 'ACTIVE', 'STOPPED']);
    assert.deepEqual([1, 2, -1, 0, -2, 3, 4, -3, -4, 12345, null].map(smartleadCategoryId), [1, 2, 3, 6, 7, 101, 102, 103, 104, null, null]);
  });
});

describe('import counters', () => {
  test('every row lands in exactly one counter', () => {
    const counts = importCounts(10, 2, {
      total_sent: 8,
      leads_uploaded: 3,
      in_blocklist: 1,
      duplicated_leads: 2,
      skipped_count: 0,
      invalid_email_count: 1,
      incomplete_count: 0,
      duplicate_email_count: 1,
    });
    assert.deepEqual(counts, { total_leads: 10, imported: 3, duplicates: 3, blocked: 1, invalid: 3 });
    assert.equal(counts.imported + counts.duplicates + counts.blocked + counts.invalid, counts.total_leads);
  });
});

describe('categories', () => {
  test('every served category is stored as an interest status that reads back as it', () => {
    for (const category of SMARTLEAD_CATEGORIES) assert.equal(smartleadCategoryId(interestOfCategory(category.id) ?? null), category.id);
    // Do Not Contact and Information Request have no Instantly value.
    assert.deepEqual([4, 5, 999].map(interestOfCategory), [undefined, undefined, undefined]);
  });
});
