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

/** A path inside the project directory, read; undefined (and a problem) otherwise. */
function readInside(v: unknown, at: string, cwd: string, problems: Problem[], encoding: "utf8" | "base64"): string | undefined {
    if (typeof v !== "string" || !v.trim() || path.isAbsolute(v) || path.normalize(v).startsWith("..")) {
        return void problems.push(problem(at, asShown(v), "it is a path inside the project directory (the branding is part of the stack's code)", "Save the file in the repository, e.g. branding/logo.png, and give that path."));
    }
    try {
        const buf = fs.readFileSync(path.resolve(cwd, v));
        if (encoding === "base64" && buf.length > MAX_ASSET_BYTES) {
            return void problems.push(problem(at, v, `it is ${buf.length} bytes; Cognito takes images of at most ${MAX_ASSET_BYTES}`, "Use a smaller image (an SVG, or a PNG at the size it is shown)."));
        }
        return buf.toString(encoding);
    } catch (err) {
        return void problems.push(problem(at, v, `the file cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)} at ${path.resolve(cwd, v)})`, "Put the file at that path, relative to the project directory."));
    }
}

export function readBranding(r: RawValue, cwd: string, problems: Problem[]): ManagedLoginBranding | undefined {
    const before = problems.length;
    let o: unknown;
    try {
        o = JSON.parse(r.value);
    } catch {
        o = undefined;
    }
    if (!o || typeof o !== "object" || Array.isArray(o)) return void problems.push(problem(key, r.value, "it is an object { settingsFile?, assets? }", `Set ${EXAMPLE}.`, r.origin));
    const b = o as Record<string, unknown>;
    const unknown = Object.keys(b).find((k) => k !== "settingsFile" && k !== "assets");
    if (unknown) return void problems.push(problem(`${key}.${unknown}`, asShown(b[unknown]), "managedLoginBranding takes settingsFile and assets only", `Remove it${didYouMean(unknown, ["settingsFile", "assets"])}.`, r.origin));
    let settings: string | undefined;
    if (b.settingsFile !== undefined) {
        const text = readInside(b.settingsFile, `${key}.settingsFile`, cwd, problems, "utf8");
        if (text !== undefined) {
            let doc: unknown;
            try {
                doc = JSON.parse(text);
            } catch (err) {
                problems.push(problem(`${key}.settingsFile`, String(b.settingsFile), `it is not JSON (${(err as Error).message})`, "Export the style from Cognito's branding editor (Managed login, Styles) as JSON."));
            }
            if (doc !== undefined && (typeof doc !== "object" || doc === null || Array.isArray(doc))) {
                problems.push(problem(`${key}.settingsFile`, String(b.settingsFile), "it holds no JSON object: Cognito's settings document is one", "Export the style from Cognito's branding editor as JSON."));
            } else if (text.length > MAX_SETTINGS_CHARS) {
                problems.push(problem(`${key}.settingsFile`, String(b.settingsFile), `it is ${text.length} characters; at most ${MAX_SETTINGS_CHARS} are taken`, "Keep only the settings you change."));
            } else if (doc !== undefined) settings = JSON.stringify(doc);
        }
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
        const category = String(x.category ?? "");
        if (!(ASSET_CATEGORIES as readonly string[]).includes(category)) {
            return void problems.push(problem(`${at}.category`, asShown(x.category), `it is one of Cognito's asset categories: ${ASSET_CATEGORIES.join(", ")}`, `Use the category the image is for${didYouMean(category.toUpperCase(), ASSET_CATEGORIES)}.`));
        }
        const colorMode = String(x.colorMode ?? "LIGHT");
        if (!(COLOR_MODES as readonly string[]).includes(colorMode)) {
            return void problems.push(problem(`${at}.colorMode`, asShown(x.colorMode), `it is one of ${COLOR_MODES.join(", ")}`, "Use LIGHT (the default), DARK, or DYNAMIC for an image that suits both."));
        }
        const extension = EXTENSIONS[path.extname(String(x.file ?? "")).toLowerCase()];
        if (!extension) return void problems.push(problem(`${at}.file`, asShown(x.file), "Cognito takes ICO, JPEG, PNG, SVG and WEBP images, named by their extension", "Convert the image to PNG or SVG."));
        if ((category === "FAVICON_ICO" && extension !== "ICO") || (category === "FAVICON_SVG" && extension !== "SVG")) {
            return void problems.push(problem(`${at}.file`, String(x.file), `${category} takes a .${category.slice(8).toLowerCase()} file`, `Use a .${category.slice(8).toLowerCase()} image, or the other favicon category.`));
        }
        if (seen.has(`${category}/${colorMode}`)) return void problems.push(problem(`${at}.category`, category, `another asset is already ${category} in ${colorMode} mode`, "Give each category one image per colour mode."));
        seen.add(`${category}/${colorMode}`);
        const bytes = readInside(x.file, `${at}.file`, cwd, problems, "base64");
        if (bytes !== undefined) assets.push({ category, colorMode, extension, bytes, file: String(x.file) });
    });
    if (problems.length > before) return undefined;
    // Assets come with a settings document (Cognito ignores them beside its own values): an empty one keeps Cognito's layout.
    if (!settings && !assets.length) return { useCognitoProvidedValues: true, assets: [] };
    return { useCognitoProvidedValues: false, settings: settings ?? "{}", settingsFile: b.settingsFile as string | undefined, assets };
}
