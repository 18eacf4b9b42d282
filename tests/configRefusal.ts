import { expect } from "chai";
import { ConfigError } from "../config/errors";
import { RunOptions, baseConfig, validateOnly } from "./harness";

/** The refusal of `config` (over baseConfig) as the user reads it; fails the test when it is accepted. */
export function refusalOf(config: Record<string, string>, opts: Omit<RunOptions, "config"> = {}): string {
    try {
        validateOnly({ ...opts, config: { ...baseConfig(), ...config } });
    } catch (err) {
        expect(err).to.be.instanceOf(ConfigError);
        return (err as Error).message;
    }
    throw new Error("the configuration was accepted");
}
