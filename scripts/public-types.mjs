// After the declaration build (npm run build): the emitted .d.ts / .d.cts must not
// import dicom-parser's declarations (they name Node's Buffer: TS2591 in a project
// without @types/node). Its DataSet / Element / Fragment become the package's own
// structural DicomDataSet / DicomElement / DicomFragment (src/entries/dicom-dataset.ts,
// exported by the root entry), and bare `import 'dicom-parser'` lines are dropped.
//   node scripts/public-types.mjs [dist]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';

const OURS = { DataSet: 'DicomDataSet', Element: 'DicomElement', Fragment: 'DicomFragment' };
const root = process.argv[2] ?? 'dist';
let changed = 0;

function* declarations(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* declarations(p);
    else if (/\.d\.c?ts$/.test(e.name)) yield p;
  }
}

for (const file of declarations(root)) {
  const cjs = file.endsWith('.d.cts');
  // the root entry of the same format: dist/index.d.ts or dist/cjs/index.d.cts
  const entry = cjs ? join(root, 'cjs', 'index.cjs') : join(root, 'index.js');
  let rel = relative(dirname(file), entry).split('\\').join('/');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  const src = readFileSync(file, 'utf8');
  const out = src
    .replace(/^import 'dicom-parser';\n/gm, '')
    .replace(/^import (?:type )?\{([^}]*)\} from 'dicom-parser';\n/gm, (_, names) =>
      names.split(',').map((n) => n.trim()).filter(Boolean).map((n) => {
        const [name, alias = name] = n.split(/\s+as\s+/);
        const ours = OURS[name];
        if (!ours) throw new Error(`${file}: dicom-parser type ${name} has no structural counterpart in src/entries/dicom-dataset.ts`);
        return `type ${alias} = import('${rel}').${ours};\n`;
      }).join(''));
  if (/dicom-parser'/.test(out.replace(/^\s*\*.*$/gm, ''))) throw new Error(`${file}: still imports dicom-parser`);
  if (out !== src) {
    writeFileSync(file, out);
    changed++;
  }
}
console.log(`public types: dicom-parser's declarations replaced in ${changed} file(s)`);
