import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The vendor's document, carried in the repository (spec/vendor/README.md says where it came from). */
export const SPEC_PATH = join(repoRoot, 'spec', 'vendor', 'instantly-api-v2-openapi.json');
/** Smartlead's lead surface as Leadbase serves it (spec/README.md says where the shapes came from). */
export const SMARTLEAD_SPEC_PATH = join(repoRoot, 'spec', 'smartlead-v1.openapi.json');
