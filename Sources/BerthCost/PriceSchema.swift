/// The keys a price file must define (and the only ones it may): what the calculator reads.
/// The unit is part of the contract so that a user's table cannot price per hour what berth
/// multiplies by seconds.
enum PriceSchema {
    static let prices: [String: String] = [
        "lambda.requests": "request",
        "lambda.duration.x86_64": "GB-second",
        "lambda.duration.arm64": "GB-second",
        "fargate.linux.x86_64.vcpu": "vCPU-hour",
        "fargate.linux.x86_64.memory": "GB-hour",
        "fargate.linux.arm64.vcpu": "vCPU-hour",
        "fargate.linux.arm64.memory": "GB-hour",
        "fargate.windows.vcpu": "vCPU-hour",
        "fargate.windows.memory": "GB-hour",
        "fargate.windows.licence": "vCPU-hour",
        "fargate.ephemeral_storage": "GB-hour",
        "ec2.windows.licence": "vCPU-hour",
        "ecs.anywhere.instance": "instance-hour",
        "eks.cluster": "cluster-hour",
        "eks.hybrid_nodes.vcpu": "vCPU-hour",
        "elb.alb.hour": "load-balancer-hour",
        "elb.alb.lcu": "LCU-hour",
        "elb.nlb.hour": "load-balancer-hour",
        "elb.nlb.nlcu": "NLCU-hour",
        "vpc.public_ipv4": "IP-hour",
        "apigateway.rest.requests": "request",
    ]

    static let facts: [String: String] = [
        "lambda.billing_increment_ms": "ms",
        "lambda.memory_step_mb": "MB",
        "lambda.min_memory_mb": "MB",
        "lambda.max_memory_mb": "MB",
        "lambda.mb_per_vcpu": "MB",
        "lambda.free_tier.requests": "request",
        "lambda.free_tier.gb_seconds": "GB-second",
        "lambda.function_urls": "bool",
        "lambda.managed_instances.fee_share": "share of EC2 on-demand",
        "lambda.managed_instances.min_environments": "execution environment",
        "lambda.managed_instances.min_memory_mb": "MB",
        "fargate.billing_increment_s": "s",
        "fargate.minimum_billed_s": "s",
        "fargate.max_vcpu": "vCPU",
        "ecs.managed_instances.fee_share": "share of EC2 on-demand",
        "ecs.managed_instances.fee_share_gpu": "share of EC2 on-demand",
        "eks.auto_mode.fee_share": "share of EC2 on-demand",
        "eks.auto_mode.fee_share_gpu": "share of EC2 on-demand",
    ]

    static let assumptions: Set<String> = [
        "ec2.spot_discount",
        "ec2.spot_discount.windows",
        "ec2.reserved_instances_discount",
        "ec2.savings_plans_discount",
        "fargate.spot_discount",
        "fargate.savings_plans_discount",
        "lambda.savings_plans_discount.x86_64",
        "lambda.savings_plans_discount.arm64",
    ]

    static let architectures = ["x86_64", "arm64"]
    static let confidences = ["H", "M", "L"]
}
