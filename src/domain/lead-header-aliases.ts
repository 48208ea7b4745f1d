/**
 * The lead fields an imported file's columns can fill, and the header spellings that name each.
 * Pure data: the CLI and the browser console both map a file's headers with it.
 */
export const LEAD_FIELDS = [
  'email', 'first_name', 'last_name', 'company_name', 'job_title', 'phone', 'website', 'personalization',
  'lt_interest_status', 'pl_value_lead', 'assigned_to',
] as const;
export type LeadField = (typeof LEAD_FIELDS)[number];

/** Header spellings seen in lead providers' exports, compared after normalize(). */
const ALIASES: Record<LeadField, string[]> = {
  email: ['email', 'emailaddress', 'mail', 'workemail', 'businessemail', 'contactemail', 'emailid', 'primaryemail', 'personalemail', 'courriel'],
  first_name: ['firstname', 'first', 'givenname', 'forename', 'fname', 'prenom', 'vorname', 'nombre'],
  last_name: ['lastname', 'last', 'surname', 'familyname', 'lname', 'nachname', 'apellido'],
  company_name: ['companyname', 'company', 'organization', 'organisation', 'organizationname', 'organisationname', 'account', 'accountname', 'employer', 'businessname', 'firma', 'empresa'],
  job_title: ['jobtitle', 'title', 'position', 'role', 'designation', 'jobrole'],
  phone: ['phone', 'phonenumber', 'telephone', 'tel', 'mobile', 'mobilephone', 'mobilenumber', 'cellphone', 'cell', 'directphone', 'workphone', 'contactnumber', 'telefon', 'telefono'],
  website: ['website', 'url', 'web', 'companywebsite', 'domain', 'companydomain', 'site', 'homepage', 'websiteurl', 'companyurl', 'webaddress'],
  personalization: ['personalization', 'personalisation', 'icebreaker', 'personalizedline', 'personalisedline', 'firstline', 'opener'],
  lt_interest_status: ['ltintereststatus', 'intereststatus'],
  pl_value_lead: ['plvaluelead', 'leadvalue'],
  assigned_to: ['assignedto'],
};

/** "E-mail Address", "email_address" and "EmailAddress" all read as "emailaddress". */
export function normalize(header: string): string {
  return header.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Each alias to its field: the CLI's importer and the web console's map headers by it. */
export const FIELD_BY_ALIAS = new Map<string, LeadField>(LEAD_FIELDS.flatMap((field) => ALIASES[field].map((alias) => [alias, field] as const)));

