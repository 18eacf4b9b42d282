/**
 * A stand-in for @aws-sdk/client-cognito-identity-provider as lambda/ uses it (a client whose send()
 * takes a command built from its input), so the functions' requests are tested without loading
 * the AWS SDK into the test process (a quarter of a second). Every request is held to the API's
 * model (specs/data), so a misspelt member or a value out of range still fails.
 */
import { expect } from "chai";
import { Model, checkRequest } from "../specs/botocore";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MODEL = require("../specs/data/cognito-idp-groups-model.json") as Model;

export interface FakeSdk {
    module: Record<string, unknown>;
    /** Client constructor arguments, in order. */
    clients: unknown[];
    /** Commands sent, in order. */
    sent: { command: string; input: Record<string, unknown> }[];
    /** What send() answers; resolves {} by default. */
    answer: (command: string, input: Record<string, unknown>) => Promise<unknown>;
}

export function fakeCognitoSdk(): FakeSdk {
    const sdk: FakeSdk = { module: {}, clients: [], sent: [], answer: () => Promise.resolve({}) };
    const command = (name: string) => class {
        readonly name = name;
        constructor(readonly input: Record<string, unknown>) {
            expect(checkRequest(MODEL, name, input).violations, `${name} ${JSON.stringify(input)}`).to.deep.equal([]);
        }
    };
    sdk.module = {
        CognitoIdentityProviderClient: class {
            constructor(config: unknown) { sdk.clients.push(config); }
            send(c: { name: string; input: Record<string, unknown> }) {
                sdk.sent.push({ command: c.name, input: c.input });
                return sdk.answer(c.name, c.input);
            }
        },
        AdminUserGlobalSignOutCommand: command("AdminUserGlobalSignOut"),
        ListUserPoolClientsCommand: command("ListUserPoolClients"),
    };
    return sdk;
}
