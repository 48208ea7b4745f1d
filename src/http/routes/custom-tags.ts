import {
  type CampaignSelection,
  createCustomTag,
  deleteCustomTag,
  getCustomTag,
  listCustomTagMappings,
  listCustomTags,
  toggleCampaignTags,
  updateCustomTag,
} from '../../services/custom-tags.js';
import type { App, AppDeps } from '../app-deps.js';
import { principalOf } from '../auth.js';
import { badRequest } from '../errors.js';
import { ErrorBody, IdParams, Page } from '../schemas/common.js';
import {
  CreateCustomTag,
  CustomTag,
  CustomTagListQuery,
  CustomTagMapping,
  CustomTagMappingListQuery,
  RESOURCE_TYPE,
  ToggleResourceAnswer,
  ToggleResourceBody,
  UpdateCustomTag,
  customTagMappingToWire,
  customTagToWire,
  parseIdList,
} from '../schemas/custom-tag.js';
import { guarded } from './access.js';

const tags = ['Custom Tag'];
const byId = { params: IdParams, response: { 200: CustomTag, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody } };

type ToggleBody = (typeof ToggleResourceBody)['static'];

/**
 * The campaigns a toggle names. Leadbase tags campaigns only, and of the vendor's selected-all
 * filter it takes the name search: the account-status words and tag criteria select e-mail
 * accounts or need a tag query of their own, so they are refused by name rather than ignored.
 */
function campaignSelection(body: ToggleBody): CampaignSelection {
  if (body.resource_type === RESOURCE_TYPE.account) {
    throw badRequest('body/resource_type 1 means e-mail accounts, which Leadbase does not have: custom tags go on campaigns (resource_type 2)');
  }
  if (body.selected_all !== true) {
    if (body.resource_ids === undefined) throw badRequest('body/resource_ids is required unless body/selected_all is true');
    if (body.excluded_resource_ids !== undefined) throw badRequest('body/excluded_resource_ids only applies with body/selected_all true');
    return { ids: body.resource_ids };
  }
  if (body.resource_ids !== undefined) throw badRequest('body/resource_ids and body/selected_all true select campaigns twice: send one of them');
  const filter = body.filter;
  if (typeof filter === 'string') throw badRequest(`body/filter ${filter} selects e-mail accounts, which Leadbase does not have`);
  let search = body.search;
  if (filter !== undefined && filter !== null) {
    const { search: filterSearch, ...rest } = filter;
    const refused = Object.entries(rest).find(([, value]) => value !== undefined && value !== null)?.[0];
    if (refused !== undefined) throw badRequest(`body/filter/${refused} is not supported by Leadbase: select the campaigns by body/resource_ids or body/search`);
    search ??= filterSearch;
  }
  return { all: true, search, excluded: body.excluded_resource_ids ?? [] };
}

export function customTagRoutes(app: App, { db }: AppDeps) {
  app.post('/api/v2/custom-tags', {
    ...guarded('custom_tags', 'create'),
    schema: { tags, summary: 'Create custom tag', body: CreateCustomTag, response: { 200: CustomTag, 400: ErrorBody, 401: ErrorBody } },
  }, async (request) => customTagToWire(await createCustomTag(db, principalOf(request), request.body)));

  app.get('/api/v2/custom-tags', {
    ...guarded('custom_tags', 'read'),
    schema: { tags, summary: 'List custom tags', querystring: CustomTagListQuery, response: { 200: Page(CustomTag, 'The custom tags'), 400: ErrorBody, 401: ErrorBody } },
  }, async (request) => {
    const q = request.query;
    return listCustomTags(db, principalOf(request), {
      limit: q.limit ?? 100,
      startingAfter: q.starting_after,
      search: q.search,
      tagIds: parseIdList(q.tag_ids, 'querystring/tag_ids'),
      campaignIds: parseIdList(q.resource_ids, 'querystring/resource_ids'),
    }, customTagToWire);
  });

  app.post('/api/v2/custom-tags/toggle-resource', {
    ...guarded('custom_tags', 'update'),
    schema: {
      tags,
      summary: 'Assign or unassign custom tags to campaigns',
      description:
        'Puts every tag of `tag_ids` on every selected campaign (`assign: true`) or takes them off, in one transaction. Campaigns only (`resource_type: 2`); an unknown tag or campaign refuses the whole request.',
      body: ToggleResourceBody,
      response: { 200: ToggleResourceAnswer, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const body = request.body;
    await toggleCampaignTags(db, principalOf(request), { tagIds: body.tag_ids, selection: campaignSelection(body), assign: body.assign });
    return { success: true };
  });

  app.get('/api/v2/custom-tags/:id', { ...guarded('custom_tags', 'read'), schema: { tags, summary: 'Get custom tag', ...byId } }, async (request) =>
    customTagToWire(await getCustomTag(db, principalOf(request), request.params.id)));

  app.patch('/api/v2/custom-tags/:id', {
    ...guarded('custom_tags', 'update'),
    schema: { tags, summary: 'Update custom tag', body: UpdateCustomTag, ...byId },
  }, async (request) => customTagToWire(await updateCustomTag(db, principalOf(request), request.params.id, request.body)));

  app.delete('/api/v2/custom-tags/:id', {
    ...guarded('custom_tags', 'delete'),
    schema: { tags, summary: 'Delete custom tag', description: 'Deletes the tag and takes it off every campaign it was on.', ...byId },
  }, async (request) => customTagToWire(await deleteCustomTag(db, principalOf(request), request.params.id)));

  app.get('/api/v2/custom-tag-mappings', {
    ...guarded('custom_tag_mappings', 'read'),
    schema: {
      tags: ['Custom Tag Mapping'],
      summary: 'List custom tag mappings',
      querystring: CustomTagMappingListQuery,
      response: { 200: Page(CustomTagMapping, 'The custom tag mappings'), 400: ErrorBody, 401: ErrorBody },
    },
  }, async (request) => {
    const q = request.query;
    return listCustomTagMappings(db, principalOf(request), {
      limit: q.limit ?? 100,
      startingAfter: q.starting_after,
      campaignIds: parseIdList(q.resource_ids, 'querystring/resource_ids'),
    }, customTagMappingToWire);
  });
}
