// Entry point for `pulumi up`: Pulumi calls the exported function and uses what it returns as the stack outputs.
import { mdaiCognito } from "./program";

export = () => mdaiCognito();
