// Transpile-only TypeScript loader for the tests, `npm run plan` and `npm run bench`.
//
// Why not ts-node, tsx or esbuild-register: they all install source-map-support, which rewrites
// every stack trace, and the Pulumi SDK captures a stack trace for each promise it creates; under
// it, evaluating this program takes about five times longer. Transpiled output is cached by content
// hash in node_modules/.cache, so a warm run does not even load the TypeScript compiler (~0.4 s).
// Type errors are caught by `npm run typecheck`, which CI runs.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");

const CACHE_DIR = path.join(__dirname, "..", "node_modules", ".cache", "mdai-cognito-ts");
const COMPILER_OPTIONS = { module: "commonjs", target: "es2022", esModuleInterop: true, resolveJsonModule: true };
let ts; // loaded on the first cache miss only

function transpile(source, filename) {
    ts = ts || require("typescript");
    const compilerOptions = ts.convertCompilerOptionsFromJson(COMPILER_OPTIONS).options;
    return ts.transpileModule(source, { compilerOptions, fileName: filename }).outputText;
}

function cached(source, filename) {
    const key = crypto.createHash("sha256")
        .update(require("typescript/package.json").version).update("\0")
        .update(JSON.stringify(COMPILER_OPTIONS)).update("\0")
        .update(source)
        .digest("hex");
    const file = path.join(CACHE_DIR, `${key}.js`);
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        const output = transpile(source, filename);
        try {
            fs.mkdirSync(CACHE_DIR, { recursive: true });
            // Write then rename, so a concurrent reader never sees half a file.
            const tmp = `${file}.${process.pid}.tmp`;
            fs.writeFileSync(tmp, output);
            fs.renameSync(tmp, file);
        } catch {
            // A read-only tree only loses the cache.
        }
        return output;
    }
}

require.extensions[".ts"] = function loadTypeScript(module, filename) {
    module._compile(cached(fs.readFileSync(filename, "utf8"), filename), filename);
};

// Two modules the Pulumi SDK loads eagerly and this program never uses: the Automation API (with
// npm's arborist and pacote) and the TypeScript compiler (for serialising functions). Loading them
// is a fifth of the SDK's start-up (docs/benchmarks.md); here they load on first use instead.
// `pulumi up` does not use this loader.
function lazy(request) {
    const file = require.resolve(request);
    const stub = new Module(file);
    stub.filename = file;
    stub.loaded = true;
    let real;
    const load = () => {
        if (!real) {
            delete require.cache[file];
            real = require(file);
            require.cache[file] = stub;
        }
        return real;
    };
    // `__esModule` is read by the importing module's `__importStar` at load time: answering it loads nothing.
    stub.exports = new Proxy({}, {
        get: (_, key) => (key === "__esModule" ? true : load()[key]),
        has: (_, key) => key in load(),
        ownKeys: () => Reflect.ownKeys(load()),
        getOwnPropertyDescriptor: (_, key) => Object.getOwnPropertyDescriptor(load(), key),
    });
    require.cache[file] = stub;
}
lazy("@pulumi/pulumi/automation/index.js");
lazy("@pulumi/pulumi/typescript-shim.js");
