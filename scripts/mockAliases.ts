/**
 * The URNs a registration's aliases name, as the engine resolves them (pulumi/pulumi
 * pkg/resource/deploy/step_generator.go `generateAliases`, `inheritedChildAlias`): each alias of its
 * own — a URN, or a spec whose missing name, type or parent are the resource's — and, for a child of
 * an aliased parent, the child under the parent's old URN, its name's prefix (the parent's new name)
 * swapped for the parent's old name. The mock engine records them; the twin and the lifecycle
 * model find a resource's previous state through them.
 */

export interface AliasProto {
    getUrn(): string;
    getSpec(): { getName(): string; getType(): string; getNoparent(): boolean; getParenturn(): string } | undefined;
}

/** An alias target: its URN, and the name and type path it stands for (what a child's inherited alias builds on). */
export interface AliasTarget { urn: string; name: string; typePath: string }

const typePathOf = (urn: string) => urn.split("::")[2] ?? "";

/**
 * @param urnOf builds a URN from a type path and a name
 * @param parent the resource's parent (full URN, "" for none) and that parent's alias targets
 * @param parentUrn maps a URN the SDK sent (the mock monitor's) to the full one
 */
export function aliasTargets(req: { name: string; type: string; aliases: AliasProto[] }, parent: { urn: string; name: string; aliases: AliasTarget[] } | undefined,
    urnOf: (typePath: string, name: string) => string, parentUrn: (urn: string) => string): AliasTarget[] {
    const own = req.aliases.map((a): AliasTarget => {
        if (a.getUrn()) return { urn: a.getUrn(), name: a.getUrn().split("::").pop()!, typePath: typePathOf(a.getUrn()) };
        const spec = a.getSpec()!;
        const name = spec.getName() || req.name;
        const type = spec.getType() || req.type;
        const p = spec.getNoparent() ? "" : spec.getParenturn() ? parentUrn(spec.getParenturn()) : parent?.urn ?? "";
        const typePath = p ? `${typePathOf(p)}$${type}` : type;
        return { urn: urnOf(typePath, name), name, typePath };
    });
    const inherited = (parent?.aliases ?? []).map((pa): AliasTarget => {
        const name = req.name.startsWith(parent!.name) ? pa.name + req.name.slice(parent!.name.length) : req.name;
        const typePath = `${pa.typePath}$${req.type}`;
        return { urn: urnOf(typePath, name), name, typePath };
    });
    return [...own, ...inherited];
}
