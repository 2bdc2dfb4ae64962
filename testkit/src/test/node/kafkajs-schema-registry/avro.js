const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry');
// Usage: node avro.js <registry port>. Exits 0 when every step answered as the ecosystem's registry would.
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
  console.log('OK');
})().catch(e => { console.error('FAIL', e); process.exit(1); });
