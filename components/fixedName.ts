import type * as pulumi from "@pulumi/pulumi";

/**
 * Resource options for a Kubernetes object with a fixed name: replaced, the old object goes first.
 * A new object that asks for a name the old one still holds fails with AlreadyExists
 * (pulumi-kubernetes ≥ 4.29). The provider deletes first on its own only for the replacements it
 * decides; those the engine decides — a new provider identity after an upgrade or a move to
 * another cluster, `replaceOnChanges` — follow this option alone (pulumi/pulumi step_generator.go).
 */
export const FIXED_NAME: pulumi.CustomResourceOptions = { deleteBeforeReplace: true };
