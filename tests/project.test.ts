import Ajv2020 from "ajv/dist/2020";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { CONFIG_KEYS, PROJECT, projectDefault } from "../config/keys";
import { KEY_TABLE_FILE, renderKeyTableIn, renderProjectFile } from "../scripts/keys";

const root = path.join(__dirname, "..");
const read = (f: string) => fs.readFileSync(path.join(root, f), "utf8");
// Pulumi's schema for Pulumi.yaml (pulumi/pulumi sdk/go/common/workspace/project.json, Apache-2.0).
const SCHEMA = path.join(__dirname, "fixtures", "pulumi-project.schema.json");

describe("project files", () => {
    const project = YAML.parse(read("Pulumi.yaml"));

    it("Pulumi.yaml passes Pulumi's own project schema (the CLI rejects a file that fails it)", () => {
        const ajv = new Ajv2020({ strict: false, allErrors: true });
        const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, "utf8")));
        expect(validate(project), JSON.stringify(validate.errors, null, 1)).to.equal(true);
    });

    it("names the project mdai-cognito on the nodejs runtime", () => {
        expect(project.name).to.equal(PROJECT);
        expect(project.runtime.name).to.equal("nodejs");
    });

    it("declares every config key with its type, description and default, and nothing else", () => {
        expect(Object.keys(project.config)).to.have.members(CONFIG_KEYS.map((k) => k.key));
        for (const k of CONFIG_KEYS) {
            const decl = project.config[k.key];
            expect(decl.type, k.key).to.equal(k.type);
            expect(decl.description, k.key).to.be.a("string").and.not.equal("");
            expect(decl.default, k.key).to.deep.equal(projectDefault(k));
        }
    });

    it("gives env-backed keys an empty default so the environment and values file still apply", () => {
        for (const k of CONFIG_KEYS.filter((x) => x.env)) expect(project.config[k.key].default, k.key).to.equal("");
    });

    it("keeps Pulumi.yaml's config block and docs/configuration.md's key table as `npm run keys` writes them from config/keys.ts", () => {
        expect(read("Pulumi.yaml"), "Pulumi.yaml is stale: run `npm run keys`").to.equal(renderProjectFile(read("Pulumi.yaml")));
        expect(read(KEY_TABLE_FILE), `${KEY_TABLE_FILE}'s key table is stale: run \`npm run keys\``).to.equal(renderKeyTableIn(read(KEY_TABLE_FILE)));
    });

    it("has a dev stack that sets only declared keys", () => {
        const dev = YAML.parse(read("Pulumi.dev.yaml")).config as Record<string, unknown>;
        expect(dev["aws:region"]).to.equal("us-east-1");
        for (const key of Object.keys(dev).filter((k) => k.startsWith(`${PROJECT}:`))) {
            expect(project.config, key).to.have.property(key.slice(PROJECT.length + 1));
        }
    });

    it("documents every config key and its variable in docs/configuration.md", () => {
        const readme = read(KEY_TABLE_FILE);
        for (const k of CONFIG_KEYS) {
            expect(readme, k.key).to.contain(`\`${k.key}\``);
            if (k.env) expect(readme, k.env).to.contain(`\`${k.env}\``);
        }
    });

    it("documents every variable of values/aws.env that the program reads", () => {
        const env = read("values/aws.env");
        for (const k of CONFIG_KEYS.filter((x) => x.env)) expect(env, k.env).to.contain(`${k.env}=`);
    });
});
