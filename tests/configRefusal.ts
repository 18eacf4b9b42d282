import { expect } from "chai";
import { ConfigError } from "../config/errors";
import { RunOptions, baseConfig, validateOnly } from "./harness";

/** The refusal of a run's configuration as the user reads it; fails the test when it is accepted. */
export function refusalOfRun(opts: RunOptions): string {
    try {
        validateOnly(opts);
    } catch (err) {
        expect(err).to.be.instanceOf(ConfigError);
        return (err as Error).message;
    }
    throw new Error("the configuration was accepted");
}

/** The refusal of `config` (over baseConfig) as the user reads it; fails the test when it is accepted. */
export const refusalOf = (config: Record<string, string>, opts: Omit<RunOptions, "config"> = {}): string =>
    refusalOfRun({ ...opts, config: { ...baseConfig(), ...config } });
