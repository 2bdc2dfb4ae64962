const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry');
// Usage: node registry.js <registry port>. Exits 0 when every step answered as the ecosystem's registry would.
const port = process.argv[2];
const registry = new SchemaRegistry({ host: `http://127.0.0.1:${port}` });
(async () => {
  const schema = { type: 'record', name: 'User', namespace: 'com.acme', fields: [{ name: 'name', type: 'string' }] };
  const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(schema) }, { subject: 'users-value' });
  console.log('registered id', id);
  const again = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(schema) }, { subject: 'users-value' });
  if (again.id !== id) throw new Error('id changed ' + again.id);
  const buf = await registry.encode(id, { name: 'ada' });
  if (buf[0] !== 0 || buf.readInt32BE(1) !== id) throw new Error('bad wire prefix ' + buf.toString('hex'));
  const decoded = await registry.decode(buf);
  console.log('decoded', JSON.stringify(decoded));
  if (decoded.name !== 'ada') throw new Error('decode');
  const latest = await registry.getLatestSchemaId('users-value');
  if (latest !== id) throw new Error('latest ' + latest);
  const byVersion = await registry.getRegistryId('users-value', 1);
  if (byVersion !== id) throw new Error('version ' + byVersion);
  const found = await registry.getRegistryIdBySchema('users-value', { type: SchemaType.AVRO, schema: JSON.stringify(schema) });
  if (found !== id) throw new Error('by schema ' + found);
  const fetched = await registry.getSchema(id);
  console.log('getSchema', fetched.name);
  try {
    await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify({ ...schema, fields: [...schema.fields, { name: 'age', type: 'int' }] }) }, { subject: 'users-value' });
    throw new Error('incompatible accepted');
  } catch (e) {
    console.log('refused:', e.name, e.message.slice(0, 160));
    if (!/incompatible/i.test(e.message)) throw e;
  }
  const jsonSchema = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object',
    properties: { sku: { type: 'string' } }, required: ['sku'] };
  const json = await registry.register({ type: SchemaType.JSON, schema: JSON.stringify(jsonSchema) }, { subject: 'items-value' });
  const jsonBuf = await registry.encode(json.id, { sku: 'x-1' });
  const jsonBack = await registry.decode(jsonBuf);
  console.log('json decoded', JSON.stringify(jsonBack));
  if (jsonBack.sku !== 'x-1') throw new Error('json decode');
  try {
    await registry.encode(json.id, { nosku: true });
    throw new Error('an invalid JSON document was encoded');
  } catch (e) {
    if (/was encoded/.test(e.message)) throw e;
  }
  console.log('OK');
})().catch(e => { console.error('FAIL', e); process.exit(1); });
