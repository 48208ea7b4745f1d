import { getHostname } from 'tldts';
import { emailDomain } from './email.js';

/**
 * The lead's company domain: the domain of its e-mail address, or, without one, the host of its
 * website without a leading "www.". '' when neither gives one (the field is required on the wire).
 */
export function companyDomainOf(email: string | null, website: string | null): string {
  if (email !== null) {
    const domain = emailDomain(email);
    if (domain !== '') return domain;
  }
  if (website !== null && website.trim() !== '') {
    const host = getHostname(website.trim().includes('://') ? website.trim() : `http://${website.trim()}`);
    if (host !== null && host !== '') return host.toLowerCase().replace(/^www\./, '');
  }
  return '';
}
