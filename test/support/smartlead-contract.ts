/**
 * spec/smartlead-v1.openapi.json is the /api/v1 part of Leadbase's generated document: the
 * Smartlead shapes are written once, as TypeBox schemas (src/http/schemas/smartlead.ts), and the
 * server serializes through them. The file in the repository is what a reviewer reads and what
 * the contract check holds /api/v1 answers to; a test fails when the two drift apart, and
 * `npm run spec:smartlead` writes the file again after a deliberate change.
 */
import type { OpenApi } from './openapi-contract.js';

const SMARTLEAD_PREFIX = '/api/v1';

export interface GeneratedDocument extends OpenApi {
  openapi: string;
  info: { title: string; version: string; description?: string };
  components?: { securitySchemes?: Record<string, unknown> } & Record<string, unknown>;
  tags?: { name: string }[];
}

/** The /api/v1 operations of Leadbase's document, with only the security scheme they use. */
export function smartleadDocumentOf(leadbase: GeneratedDocument): GeneratedDocument {
  const paths = Object.fromEntries(Object.entries(leadbase.paths).filter(([path]) => path === SMARTLEAD_PREFIX || path.startsWith(`${SMARTLEAD_PREFIX}/`)));
  const scheme = leadbase.components?.securitySchemes?.SmartleadApiKey;
  if (scheme === undefined) throw new Error("Leadbase's document has no SmartleadApiKey security scheme");
  return {
    openapi: leadbase.openapi,
    info: {
      title: 'Smartlead API v1: the lead surface Leadbase serves',
      version: leadbase.info.version,
      description:
        "Generated from Leadbase's TypeBox schemas (src/http/schemas/smartlead.ts) by `npm run spec:smartlead`; spec/README.md says where the shapes came from. The contract tests hold every /api/v1 answer to it.",
    },
    components: { securitySchemes: { SmartleadApiKey: scheme } },
    security: [{ SmartleadApiKey: [] }],
    paths,
  } as GeneratedDocument;
}

/** The file's text: stable key order as generated, two-space indent, a final newline. */
export const smartleadDocumentText = (leadbase: GeneratedDocument) => `${JSON.stringify(smartleadDocumentOf(leadbase), null, 2)}\n`;
