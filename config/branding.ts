/**
 * `managedLoginBranding`: the managed login pages' style from files in the repository, a settings
 * document (colours, fonts, layout, as Cognito's branding editor exports it) and images. Checked
 * against Cognito's API model (AssetType: category, colour mode and extension enums, at most 40
 * assets of at most 1,000,000 bytes) before anything exists.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateManagedLoginBranding.html
 */
import * as fs from "fs";
import * as path from "path";
import { Problem, asShown, problem } from "./errors";
import { fullKey } from "./keys";
import type { RawValue } from "./sources";
import { didYouMean } from "./suggest";
import { jsonObject } from "./json";

export const ASSET_CATEGORIES = ["FAVICON_ICO", "FAVICON_SVG", "EMAIL_GRAPHIC", "SMS_GRAPHIC", "AUTH_APP_GRAPHIC", "PASSWORD_GRAPHIC", "PASSKEY_GRAPHIC", "PAGE_HEADER_LOGO",
    "PAGE_HEADER_BACKGROUND", "PAGE_FOOTER_LOGO", "PAGE_FOOTER_BACKGROUND", "PAGE_BACKGROUND", "FORM_BACKGROUND", "FORM_LOGO", "IDP_BUTTON_ICON"] as const;
export const COLOR_MODES = ["LIGHT", "DARK", "DYNAMIC"] as const;
const EXTENSIONS: Record<string, string> = { ".ico": "ICO", ".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".svg": "SVG", ".webp": "WEBP" };
export const MAX_ASSETS = 40;
export const MAX_ASSET_BYTES = 1_000_000;
/** A settings document well beyond what the branding editor exports, and short enough for the state. */
export const MAX_SETTINGS_CHARS = 100_000;

export interface BrandingAsset { category: string; colorMode: string; extension: string; bytes: string; file: string }
export interface ManagedLoginBranding {
    /** Cognito's own style: no settings, no assets. */
    useCognitoProvidedValues: boolean;
    /** The settings document as JSON text. */
    settings?: string;
    settingsFile?: string;
    assets: BrandingAsset[];
}

const key = fullKey("managedLoginBranding");
const EXAMPLE = "`pulumi config set --path managedLoginBranding.settingsFile branding/settings.json`";

/** Magic numbers of the image types Cognito takes (an SVG is text holding an <svg> element). */
const MAGIC: Record<string, (b: Buffer) => boolean> = {
    PNG: (b) => b.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])),
    JPEG: (b) => b.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])),
    ICO: (b) => b.subarray(0, 4).equals(Buffer.from([0, 0, 1, 0])),
    WEBP: (b) => b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP",
    SVG: (b) => /<svg[\s>]/i.test(b.subarray(0, 4096).toString("utf8")),
};

/**
 * A regular file inside the project directory (its real path: a symbolic link out of it is refused), read once its size is
 * known to be within `max`; undefined, and a problem, otherwise.
 */
function readInside(v: unknown, at: string, cwd: string, max: number, problems: Problem[]): Buffer | undefined {
    const rel = typeof v === "string" ? path.normalize(v.trim()) : "";
    if (!rel || rel === "." || path.isAbsolute(rel) || rel === ".." || rel.startsWith(`..${path.sep}`)) {
        return void problems.push(problem(at, asShown(v), "it is a path inside the project directory (the branding is part of the stack's code)", "Save the file in the repository, e.g. branding/logo.png, and give that path."));
    }
    let real: string;
    try {
        real = fs.realpathSync(path.resolve(cwd, rel));
    } catch (err) {
        return void problems.push(problem(at, String(v), `the file cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"} at ${path.resolve(cwd, rel)})`, "Put the file at that path, relative to the project directory."));
    }
    const inside = path.relative(fs.realpathSync(cwd), real);
    if (inside === "" || inside === ".." || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) {
        return void problems.push(problem(at, String(v), "it leads outside the project directory through a symbolic link", "Copy the file into the repository instead of linking to it."));
    }
    const stat = fs.statSync(real);
    if (!stat.isFile()) return void problems.push(problem(at, String(v), "it is not a regular file", "Give the path of the file itself."));
    if (stat.size > max) return void problems.push(problem(at, String(v), `it is ${stat.size} bytes; at most ${max} are taken`, "Use a smaller file."));
    return fs.readFileSync(real);
}

export function readBranding(r: RawValue, cwd: string, problems: Problem[]): ManagedLoginBranding | undefined {
    const before = problems.length;
    const b = jsonObject(r.value);
    if (!b) return void problems.push(problem(key, r.value, "it is an object { settingsFile?, assets? }", `Set ${EXAMPLE}.`, r.origin));
    const unknown = Object.keys(b).find((k) => k !== "settingsFile" && k !== "assets");
    if (unknown) return void problems.push(problem(`${key}.${unknown}`, asShown(b[unknown]), "managedLoginBranding takes settingsFile and assets only", `Remove it${didYouMean(unknown, ["settingsFile", "assets"])}.`, r.origin));
    let settings: string | undefined;
    if (b.settingsFile !== undefined) {
        const at = `${key}.settingsFile`;
        const bytes = readInside(b.settingsFile, at, cwd, MAX_SETTINGS_CHARS, problems);
        let doc: unknown;
        if (bytes) {
            try {
                // UTF-8 only, a byte-order mark allowed: what an editor saves.
                doc = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, ""));
            } catch {
                // Not the parser's message: it quotes the file.
                problems.push(problem(at, String(b.settingsFile), "it is not a JSON document in UTF-8", "Export the style from Cognito's branding editor (Managed login, Styles) as JSON, and save it as UTF-8."));
            }
        }
        if (doc !== undefined && (typeof doc !== "object" || doc === null || Array.isArray(doc))) {
            problems.push(problem(at, String(b.settingsFile), "it holds no JSON object: Cognito's settings document is one", "Export the style from Cognito's branding editor as JSON."));
        } else if (doc !== undefined) settings = JSON.stringify(doc);
    }
    const list = b.assets ?? [];
    if (!Array.isArray(list) || list.length > MAX_ASSETS) {
        return void problems.push(problem(`${key}.assets`, asShown(list), `it is a list of at most ${MAX_ASSETS} images { file, category, colorMode? }`, `Set e.g. \`pulumi config set --path 'managedLoginBranding.assets[0].file' branding/logo.png\` and its category FORM_LOGO.`, r.origin));
    }
    const assets: BrandingAsset[] = [];
    const seen = new Set<string>();
    list.forEach((a: unknown, n: number) => {
        const at = `${key}.assets[${n}]`;
        if (!a || typeof a !== "object" || Array.isArray(a)) return void problems.push(problem(at, asShown(a), "it is { file, category, colorMode? }", "Give the image's path and its category, e.g. FORM_LOGO."));
        const x = a as Record<string, unknown>;
        const extra = Object.keys(x).find((k) => !["file", "category", "colorMode"].includes(k));
        if (extra) return void problems.push(problem(`${at}.${extra}`, asShown(x[extra]), "an asset takes file, category and colorMode only", `Remove it${didYouMean(extra, ["file", "category", "colorMode"])}.`));
        const category = typeof x.category === "string" ? x.category : "";
        if (!(ASSET_CATEGORIES as readonly string[]).includes(category)) {
            return void problems.push(problem(`${at}.category`, x.category === undefined ? undefined : asShown(x.category), `it is one of Cognito's asset categories: ${ASSET_CATEGORIES.join(", ")}`,
                `Use the category the image is for${didYouMean(category.toUpperCase(), ASSET_CATEGORIES)}.`));
        }
        const colorMode = x.colorMode === undefined ? "LIGHT" : typeof x.colorMode === "string" ? x.colorMode : "";
        if (!(COLOR_MODES as readonly string[]).includes(colorMode)) {
            return void problems.push(problem(`${at}.colorMode`, asShown(x.colorMode), `it is one of ${COLOR_MODES.join(", ")}`, "Use LIGHT (the default), DARK, or DYNAMIC for an image that suits both."));
        }
        const extension = typeof x.file === "string" ? EXTENSIONS[path.extname(x.file).toLowerCase()] : undefined;
        if (!extension) return void problems.push(problem(`${at}.file`, x.file === undefined ? undefined : asShown(x.file), "Cognito takes ICO, JPEG, PNG, SVG and WEBP images, named by their extension", "Convert the image to PNG or SVG."));
        if ((category === "FAVICON_ICO" && extension !== "ICO") || (category === "FAVICON_SVG" && extension !== "SVG")) {
            return void problems.push(problem(`${at}.file`, String(x.file), `${category} takes a .${category.slice(8).toLowerCase()} file`, `Use a .${category.slice(8).toLowerCase()} image, or the other favicon category.`));
        }
        if (seen.has(`${category}/${colorMode}`)) return void problems.push(problem(`${at}.category`, category, `another asset is already ${category} in ${colorMode} mode`, "Give each category one image per colour mode."));
        seen.add(`${category}/${colorMode}`);
        const bytes = readInside(x.file, `${at}.file`, cwd, MAX_ASSET_BYTES, problems);
        if (bytes && !MAGIC[extension](bytes)) return void problems.push(problem(`${at}.file`, String(x.file), `its contents are not a ${extension} image`, "Export the image again in the format its name says."));
        if (bytes) assets.push({ category, colorMode, extension, bytes: bytes.toString("base64"), file: String(x.file) });
    });
    if (problems.length > before) return undefined;
    // Assets come with a settings document (Cognito ignores them beside its own values): an empty one keeps Cognito's layout.
    if (!settings && !assets.length) return { useCognitoProvidedValues: true, assets: [] };
    return { useCognitoProvidedValues: false, settings: settings ?? "{}", settingsFile: b.settingsFile as string | undefined, assets };
}
