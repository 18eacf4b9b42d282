/**
 * Every read the doctor makes goes through `attempt`: it has a timeout, says what it is doing, and
 * turns a failure into a ReadError (naming the permission when one was missing) or `null` when the
 * object does not exist — never a crash.
 */
import type { Read } from "./types";

export interface Step {
    /** Says what is being read (to stderr): slow calls show progress. */
    progress(message: string): void;
    timeoutMs: number;
}

export class TimeoutError extends Error {}

/** Resolves or rejects with `p`, or rejects with a TimeoutError after `ms`; `abort` is told when time is up. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string, abort?: () => void): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => { abort?.(); reject(new TimeoutError(`${what} timed out after ${ms / 1000} s`)); }, ms);
        timer.unref();
    });
    return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

interface AnyError { name?: string; code?: number | string; message?: string; $metadata?: { httpStatusCode?: number }; body?: unknown }

const DENIED = /AccessDenied|Unauthorized|NotAuthorized|Forbidden/i;
const MISSING = /NotFound|NoSuch/;

/** The HTTP status an error carries: the SDK's metadata, or the Kubernetes client's `code`. */
const statusOf = (e: AnyError) => e.$metadata?.httpStatusCode ?? (typeof e.code === "number" ? e.code : undefined);

/**
 * @param permission what a denial means: `elasticloadbalancing:DescribeRules`, `list ingresses (networking.k8s.io) in all namespaces`
 */
export async function attempt<T>(what: string, permission: string, step: Step, run: (signal: AbortSignal) => Promise<T>): Promise<Read<T>> {
    step.progress(`reading ${what}…`);
    const controller = new AbortController();
    try {
        return await withTimeout(run(controller.signal), step.timeoutMs, `reading ${what}`, () => controller.abort());
    } catch (err) {
        const e = err as AnyError;
        const status = statusOf(e);
        if (status === 404 || MISSING.test(e.name ?? "")) return null;
        if (status === 403 || DENIED.test(e.name ?? "")) return { error: `reading ${what} was denied`, permission };
        if (status === 401 || /Credentials|ExpiredToken|InvalidClientTokenId|UnrecognizedClient/.test(e.name ?? "")) {
            return { error: `reading ${what}: no valid credentials (${e.name ?? status}: ${firstLine(e.message)})` };
        }
        return { error: e instanceof TimeoutError ? e.message : `reading ${what}: ${e.name ?? "error"}: ${firstLine(e.message)}` };
    }
}

const firstLine = (m: string | undefined) => (m ?? "").split("\n")[0].slice(0, 300);
