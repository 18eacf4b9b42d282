/**
 * The lighter mock runtime (scripts/inProcessStructs.ts) changes how fast a mock run is, never what
 * it produces: its Struct copy gives back exactly what the protobuf round trip gives, key order
 * included, and a message holding one still encodes to the same bytes' meaning.
 */
import { expect } from "chai";
import { inProcessStructs, protobufStruct, structCopy } from "../scripts/inProcessStructs";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const gstruct = require("google-protobuf/google/protobuf/struct_pb");

const SAMPLES: Record<string, unknown>[] = [
    {},
    { z: 1, a: "x", m: { y: [3, 2, { b: true, a: null }], x: -0.5 }, e: [], o: {} },
    { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: { clientSecret: "s", clientID: "id" } },
    { metadata: { name: "ui-alb-ingress", annotations: { "alb.ingress.kubernetes.io/group.order": "300", "alb.ingress.kubernetes.io/auth-idp-cognito": "{\"userPoolARN\":\"arn\"}" } },
        spec: { rules: [{ host: "mdai.example.com", http: { paths: [{ path: "/", pathType: "Prefix" }] } }] }, n: 1e21, u: "üñí☃", big: 9007199254740991 },
];

describe("the lighter mock runtime is the SDK's protobuf round trip, faster", () => {
    before(inProcessStructs);

    it("gives back what Struct.fromJavaScript → toJavaScript gives, key order included", () => {
        for (const v of SAMPLES) {
            const real = protobufStruct.toJavaScript.call(protobufStruct.fromJavaScript(v));
            expect(JSON.stringify(gstruct.Struct.fromJavaScript(v).toJavaScript()), JSON.stringify(v)).to.equal(JSON.stringify(real));
            expect(JSON.stringify(structCopy(v))).to.equal(JSON.stringify(real));
        }
    });

    it("hands out copies: what a reader changes is not what the writer holds", () => {
        const v = { a: { b: [1] } };
        const out = gstruct.Struct.fromJavaScript(v).toJavaScript() as { a: { b: number[] } };
        out.a.b.push(2);
        expect(v.a.b).to.deep.equal([1]);
    });

    it("still encodes: a message holding one serialises and reads back the same", () => {
        for (const v of SAMPLES) {
            const holder = new gstruct.Value();
            holder.setStructValue(gstruct.Struct.fromJavaScript(v));
            const back = gstruct.Value.deserializeBinary(holder.serializeBinary()).toJavaScript();
            expect(JSON.stringify(back)).to.equal(JSON.stringify(structCopy(v)));
            expect([...gstruct.Struct.fromJavaScript(v).getFieldsMap().keys()].sort()).to.deep.equal(Object.keys(v).sort());
        }
    });
});
