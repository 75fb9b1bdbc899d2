// Reads [{name, dbml}] as JSON on stdin; for each, parses the DBML with
// @dbml/core and exports it with @dbml/core's own PostgreSQL exporter.
// Writes [{name, ok, error, tables: {"schema.table": [column names]}, sql,
// dbml}] -- dbml: @dbml/core's own DBML export of what it read (the round trip).
// One process for many documents: node and @dbml/core start once.
const { Parser, ModelExporter } = require('@dbml/core');

function describe(err) {
  if (err && Array.isArray(err.diags)) {
    return err.diags.map((d) => {
      const loc = d.location && d.location.start ? `${d.location.start.line}:${d.location.start.column}` : '?';
      return `${loc}: ${d.message}`;
    }).join('\n');
  }
  return String((err && err.message) || err);
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const out = [];
  for (const doc of JSON.parse(input)) {
    try {
      const database = new Parser().parse(doc.dbml, 'dbmlv2');
      const tables = {};
      for (const schema of database.schemas) {
        for (const table of schema.tables) {
          tables[`${schema.name}.${table.name}`] = table.fields.map((f) => f.name);
        }
      }
      const sql = ModelExporter.export(database, doc.format || 'postgres', false);
      const dbml = ModelExporter.export(database, 'dbml', false);
      out.push({ name: doc.name, ok: true, tables, sql, dbml });
    } catch (err) {
      out.push({ name: doc.name, ok: false, error: describe(err) });
    }
  }
  process.stdout.write(JSON.stringify(out));
});
