import { findLeadLabel, listLeadLabels as listLeadLabelRows, updateLeadLabel as updateLeadLabelRow } from '../store/lead-label-repository.js';
import { foundInWorkspace, inWorkspace } from './workspace-scope.js';

// Creating and deleting a label have rules of their own: lead-label-creation.ts, lead-label-deletion.ts.

export const getLeadLabel = foundInWorkspace('Lead label', findLeadLabel);
export const listLeadLabels = inWorkspace(listLeadLabelRows);
/** interest_status is generated and never changes: the repository writes only the other fields. */
export const updateLeadLabel = foundInWorkspace('Lead label', updateLeadLabelRow);
