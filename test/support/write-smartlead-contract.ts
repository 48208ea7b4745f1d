/** `npm run spec:smartlead`: writes spec/smartlead-v1.openapi.json from the app's own document. */
import { writeFileSync } from 'node:fs';
import { buildApp } from '../../src/http/app.js';
import { openStore } from '../../src/store/open-store.js';
import { SMARTLEAD_SPEC_PATH } from './contract-paths.js';
import { type GeneratedDocument, smartleadDocumentText } from './smartlead-contract.js';

const store = await openStore({ databaseUrl: null, dataDir: null, adminKey: 'spec-writer-admin-key-0123456789' });
try {
  const app = await buildApp({ db: store.db, engine: store.engine, adminKeyHash: store.instance.adminKeyHash, defaultWorkspaceId: store.instance.defaultWorkspaceId });
  await app.ready();
  writeFileSync(SMARTLEAD_SPEC_PATH, smartleadDocumentText(app.swagger() as unknown as GeneratedDocument));
  await app.close();
  process.stdout.write(`wrote ${SMARTLEAD_SPEC_PATH}\n`);
} finally {
  await store.close();
}
