/**
 * A SAML identity provider's metadata, read with an XML parser (@xmldom/xmldom) and XPath (xpath):
 * what Cognito needs of it and what goes wrong with it — the entity ID, the single sign-on and
 * single logout endpoints, the signing certificates and their expiry (node:crypto). A document
 * with a DOCTYPE is refused before parsing, so no entity is ever expanded (XXE, "billion laughs").
 * @see https://docs.oasis-open.org/security/saml/v2.0/saml-metadata-2.0-os.pdf (2.4.1.1: a KeyDescriptor without `use` serves both)
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-saml-idp-things-to-know.html
 */
import { X509Certificate } from "crypto";
import { DOMParser, MIME_TYPE, onErrorStopParsing } from "@xmldom/xmldom";
import * as xpath from "xpath";

const NS = { md: "urn:oasis:names:tc:SAML:2.0:metadata", ds: "http://www.w3.org/2000/09/xmldsig#" };
const SAML2_PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
const select = xpath.useNamespaces(NS);

export interface Endpoint { binding: string; location: string }
export interface SigningCertificate { subject: string; notAfter: Date; base64Der: string }
export interface IdpMetadata { entityId: string; sso: Endpoint[]; slo: Endpoint[]; signingCertificates: SigningCertificate[] }

/** What is wrong with a metadata document, as a phrase for a problem message. */
export class MetadataError extends Error {}

const nodes = (expr: string, ctx: Node) => select(expr, ctx) as Element[];
const endpoints = (expr: string, ctx: Node): Endpoint[] =>
    nodes(expr, ctx).map((e) => ({ binding: e.getAttribute("Binding") ?? "", location: e.getAttribute("Location") ?? "" }));

function parse(xml: string): Element {
    // Metadata never needs a DTD: refusing one rules out entity expansion entirely.
    if (/<!DOCTYPE/i.test(xml)) throw new MetadataError("it holds a DOCTYPE, which SAML metadata never needs (and which could expand entities)");
    let doc: Document;
    try {
        doc = new DOMParser({ onError: onErrorStopParsing }).parseFromString(xml, MIME_TYPE.XML_TEXT) as unknown as Document;
    } catch (e) {
        throw new MetadataError(`it is not well-formed XML (${(e as Error).message.split("\n")[0]})`);
    }
    const root = doc.documentElement;
    if (!root || root.namespaceURI !== NS.md) throw new MetadataError(`it is not SAML metadata (its root element is ${root ? `${root.localName} in ${root.namespaceURI ?? "no namespace"}` : "missing"})`);
    return root;
}

/** The one identity provider the document describes (an EntitiesDescriptor must hold exactly one). */
function entityOf(root: Element): Element {
    if (root.localName === "EntityDescriptor") return root;
    if (root.localName !== "EntitiesDescriptor") throw new MetadataError(`its root element is md:${root.localName}, not md:EntityDescriptor`);
    const idps = nodes("//md:EntityDescriptor[md:IDPSSODescriptor]", root);
    if (idps.length !== 1) {
        throw new MetadataError(`it is an EntitiesDescriptor with ${idps.length} identity providers (${idps.slice(0, 5).map((e) => e.getAttribute("entityID")).join(", ") || "none"}); ` +
            "Cognito takes the metadata of one: download that IdP's own");
    }
    return idps[0];
}

export function parseIdpMetadata(xml: string): IdpMetadata {
    const entity = entityOf(parse(xml));
    const entityId = entity.getAttribute("entityID") ?? "";
    if (!entityId) throw new MetadataError("its EntityDescriptor has no entityID");
    const idp = nodes("md:IDPSSODescriptor", entity).find((d) => (d.getAttribute("protocolSupportEnumeration") ?? "").split(/\s+/).includes(SAML2_PROTOCOL));
    if (!idp) {
        const roles = nodes("md:*[contains(local-name(), 'Descriptor')]", entity).map((e) => e.localName);
        throw new MetadataError(`${entityId} has no SAML 2.0 IDPSSODescriptor (it has ${roles.join(", ") || "none"}): is this a service provider's metadata?`);
    }
    const sso = endpoints("md:SingleSignOnService", idp);
    if (!sso.length) throw new MetadataError(`${entityId} lists no SingleSignOnService`);
    const signingCertificates = nodes("md:KeyDescriptor[not(@use) or @use='signing']/ds:KeyInfo/ds:X509Data/ds:X509Certificate", idp).map((e): SigningCertificate => {
        const base64Der = (e.textContent ?? "").replace(/\s+/g, "");
        try {
            const cert = new X509Certificate(Buffer.from(base64Der, "base64"));
            return { subject: cert.subject.replace(/\n/g, ", "), notAfter: new Date(cert.validTo), base64Der };
        } catch (err) {
            throw new MetadataError(`a signing certificate of ${entityId} is not a valid X.509 certificate (${(err as Error).message})`);
        }
    });
    if (!signingCertificates.length) throw new MetadataError(`${entityId} has no signing certificate (a KeyDescriptor with use="signing" or none)`);
    return { entityId, sso, slo: endpoints("md:SingleLogoutService", idp), signingCertificates };
}
