/**
 * A WAFv2 web ACL on the ALB the AWS Load Balancer Controller created for the group, as a
 * resource of this stack rather than an annotation: the controller leaves an ALB's web ACL as it
 * is when `wafv2-acl-arn` is absent (only `none` detaches, and `none` would also strip a web ACL
 * AWS Firewall Manager attached), so removing the key would leave the ACL on silently. Deleting
 * this association detaches it; a new ALB (a new scheme or group) gets the association anew.
 * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/#wafv2-acl-arn
 * @see https://www.pulumi.com/registry/packages/aws/api-docs/wafv2/webaclassociation/
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface AlbWebAclArgs {
    /** The ALB's DNS name, from the Ingress status: the association waits for it, and finds the ALB by the name it holds. */
    albHostname: pulumi.Input<string | undefined>;
    /** A regional WAFv2 web ACL in the ALB's region. */
    webAclArn: pulumi.Input<string>;
}

/**
 * The ALB's name, from its DNS name: `[internal-]<name>-<id>.<region>.elb.amazonaws.com`. The name
 * the ALB really has, even when `load-balancer-name` was changed after the controller created it.
 */
export function albNameFromHostname(hostname: string): string {
    const label = hostname.split(".")[0].replace(/^internal-/, "");
    return label.slice(0, label.lastIndexOf("-"));
}

export class AlbWebAcl extends pulumi.ComponentResource {
    public readonly association: aws.wafv2.WebAclAssociation;

    constructor(name: string, args: AlbWebAclArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mdai:aws:AlbWebAcl", name, {}, opts);
        const alb = aws.lb.getLoadBalancerOutput({ name: pulumi.output(args.albHostname).apply((h) => albNameFromHostname(h ?? "")) }, { parent: this });
        this.association = new aws.wafv2.WebAclAssociation(`${name}-association`, { resourceArn: alb.arn, webAclArn: args.webAclArn }, {
            parent: this,
            // Delete disassociates by the ALB's ARN alone: created first, the new association would be removed by the old one's delete (pulumi/pulumi-aws#4782).
            deleteBeforeReplace: true,
        });
        this.registerOutputs({});
    }
}
