// Entry point for `pulumi up`: Pulumi calls the exported function and uses what it returns as the
// stack outputs. `npm run plan` calls the same function under mocks, with its own logger.
import { ProgramOptions, mdaiCognito } from "./program";

export = (options?: ProgramOptions) => mdaiCognito(options);
