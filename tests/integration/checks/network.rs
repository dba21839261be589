//! The EC2 network and instance checks (CIS 2.16, 4.7, 6.x) against moto.

use crate::{account, expect_status};

#[tokio::test]
async fn sg_admin_ports_ipv4_pass_for_narrow_sources_and_other_ports() {
    let (_moto, seed, gonogo) = account().await;
    seed.security_group("web", "tcp", (443, 443), "0.0.0.0/0")
        .await;
    seed.security_group("ops", "tcp", (22, 22), "10.0.0.0/8")
        .await;
    expect_status(&gonogo, "security.sg-admin-ports-ipv4", "", "pass");
}

#[tokio::test]
async fn sg_admin_ports_ipv4_fail_for_a_range_covering_ssh() {
    let (_moto, seed, gonogo) = account().await;
    let id = seed
        .security_group("legacy", "tcp", (20, 25), "0.0.0.0/0")
        .await;
    let run = expect_status(&gonogo, "security.sg-admin-ports-ipv4", "", "fail");
    assert_eq!(
        run.check("security.sg-admin-ports-ipv4")["message"],
        format!("1 of 2 security groups failing: {id} (legacy) opens 22 from 0.0.0.0/0")
    );
}

#[tokio::test]
async fn sg_admin_ports_ipv4_fail_for_all_traffic() {
    let (_moto, seed, gonogo) = account().await;
    let id = seed
        .security_group("open", "-1", (-1, -1), "0.0.0.0/0")
        .await;
    let run = expect_status(&gonogo, "security.sg-admin-ports-ipv4", "", "fail");
    assert_eq!(
        run.check("security.sg-admin-ports-ipv4")["message"],
        format!(
            "1 of 2 security groups failing: {id} (open) opens 22 from 0.0.0.0/0, 3389 from 0.0.0.0/0"
        )
    );
}

#[tokio::test]
async fn sg_admin_ports_ipv6_pass_when_only_ipv4_is_open() {
    let (_moto, seed, gonogo) = account().await;
    seed.security_group("v4", "tcp", (22, 22), "0.0.0.0/0")
        .await;
    expect_status(&gonogo, "security.sg-admin-ports-ipv6", "", "pass");
}

#[tokio::test]
async fn sg_admin_ports_ipv6_fail_for_rdp_from_everywhere() {
    let (_moto, seed, gonogo) = account().await;
    let id = seed
        .security_group("rdp", "tcp", (3389, 3389), "::/0")
        .await;
    let run = expect_status(&gonogo, "security.sg-admin-ports-ipv6", "", "fail");
    assert_eq!(
        run.check("security.sg-admin-ports-ipv6")["message"],
        format!("1 of 2 security groups failing: {id} (rdp) opens 3389 from ::/0")
    );
}

#[tokio::test]
async fn sg_cifs_passes_for_smb_within_the_vpc() {
    let (_moto, seed, gonogo) = account().await;
    seed.security_group("files", "tcp", (445, 445), "10.0.0.0/8")
        .await;
    expect_status(&gonogo, "security.sg-cifs", "", "pass");
}

#[tokio::test]
async fn sg_cifs_fails_for_smb_from_the_ipv6_internet() {
    let (_moto, seed, gonogo) = account().await;
    let id = seed
        .security_group("files", "tcp", (445, 445), "::/0")
        .await;
    let run = expect_status(&gonogo, "security.sg-cifs", "", "fail");
    assert_eq!(
        run.check("security.sg-cifs")["message"],
        format!("1 of 2 security groups failing: {id} (files) opens 445 from ::/0")
    );
}

#[tokio::test]
async fn nacl_admin_ports_fail_for_moto_default_allow_all() {
    let (_moto, _seed, gonogo) = account().await;
    let run = expect_status(&gonogo, "security.nacl-admin-ports", "", "fail");
    let message = run.check("security.nacl-admin-ports")["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.ends_with("admits 22 from 0.0.0.0/0 (rule 100), 3389 from 0.0.0.0/0 (rule 100)"),
        "{message}"
    );
}

#[tokio::test]
async fn nacl_admin_ports_pass_when_lower_numbered_denies_close_them() {
    let (_moto, seed, gonogo) = account().await;
    seed.deny_admin_ports_in_network_acls().await;
    expect_status(&gonogo, "security.nacl-admin-ports", "", "pass");
}

#[tokio::test]
async fn default_sg_closed_fails_with_moto_default_egress_rule() {
    let (_moto, _seed, gonogo) = account().await;
    let run = expect_status(&gonogo, "security.default-sg-closed", "", "fail");
    let message = run.check("security.default-sg-closed")["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(message.ends_with("has 1 rule"), "{message}");
}

#[tokio::test]
async fn default_sg_closed_passes_once_emptied() {
    let (_moto, seed, gonogo) = account().await;
    seed.empty_default_security_groups().await;
    expect_status(&gonogo, "security.default-sg-closed", "", "pass");
}

#[tokio::test]
async fn ebs_default_encryption_fails_when_off() {
    let (_moto, _seed, gonogo) = account().await;
    let run = expect_status(&gonogo, "security.ebs-default-encryption", "", "fail");
    assert_eq!(
        run.check("security.ebs-default-encryption")["message"],
        "off in us-east-1"
    );
}

#[tokio::test]
async fn ebs_default_encryption_passes_when_on() {
    let (_moto, seed, gonogo) = account().await;
    seed.ebs_encryption_by_default().await;
    expect_status(&gonogo, "security.ebs-default-encryption", "", "pass");
}

#[tokio::test]
async fn imdsv2_required_passes_for_token_only_instances() {
    let (_moto, seed, gonogo) = account().await;
    seed.instance(true, None).await;
    expect_status(&gonogo, "security.imdsv2-required", "", "pass");
}

#[tokio::test]
async fn imdsv2_required_fails_for_an_instance_accepting_imdsv1() {
    let (_moto, seed, gonogo) = account().await;
    seed.instance(true, None).await;
    let legacy = seed.instance(false, None).await;
    let run = expect_status(&gonogo, "security.imdsv2-required", "", "fail");
    assert_eq!(
        run.check("security.imdsv2-required")["message"],
        format!("1 of 2 instances failing: {legacy} accepts IMDSv1")
    );
}

#[tokio::test]
async fn imdsv2_required_is_not_applicable_without_instances() {
    let (_moto, _seed, gonogo) = account().await;
    let run = expect_status(&gonogo, "security.imdsv2-required", "", "skip");
    assert_eq!(
        run.check("security.imdsv2-required")["message"],
        "not applicable: no instances in us-east-1"
    );
}

#[tokio::test]
async fn instance_profiles_pass_when_every_instance_has_one() {
    let (_moto, seed, gonogo) = account().await;
    seed.instance_profile("app").await;
    seed.instance(true, Some("app")).await;
    expect_status(&gonogo, "security.instance-profiles", "", "pass");
}

#[tokio::test]
async fn instance_profiles_fail_for_an_instance_without_one() {
    let (_moto, seed, gonogo) = account().await;
    let bare = seed.instance(true, None).await;
    let run = expect_status(&gonogo, "security.instance-profiles", "", "fail");
    assert_eq!(
        run.check("security.instance-profiles")["message"],
        format!("{bare} has no instance profile")
    );
}

#[tokio::test]
async fn vpc_flow_logs_fail_for_the_default_vpc_without_one() {
    let (_moto, _seed, gonogo) = account().await;
    let run = expect_status(&gonogo, "monitoring.vpc-flow-logs", "", "fail");
    let message = run.check("monitoring.vpc-flow-logs")["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(message.ends_with("(default) has no flow log"), "{message}");
}

#[tokio::test]
async fn vpc_flow_logs_pass_when_every_vpc_logs() {
    let (_moto, seed, gonogo) = account().await;
    seed.vpc("10.1.0.0/16").await;
    seed.flow_logs_on_every_vpc().await;
    expect_status(&gonogo, "monitoring.vpc-flow-logs", "", "pass");
    let unlogged = seed.vpc("10.2.0.0/16").await;
    let run = expect_status(&gonogo, "monitoring.vpc-flow-logs", "", "fail");
    assert_eq!(
        run.check("monitoring.vpc-flow-logs")["message"],
        format!("1 of 3 VPCs failing: {unlogged} has no flow log")
    );
}

#[tokio::test]
async fn vpc_peering_routes_pass_for_a_route_to_one_peer_subnet() {
    let (_moto, seed, gonogo) = account().await;
    seed.peering_route("10.0.0.0/16", "10.1.0.0/16", "10.1.2.0/24")
        .await;
    let run = expect_status(&gonogo, "security.vpc-peering-routes", "", "pass");
    assert!(
        run.check("security.vpc-peering-routes")["message"]
            .as_str()
            .unwrap_or_default()
            .contains("routes 10.1.2.0/24, part of the peer VPC through pcx-"),
        "{}",
        run.check("security.vpc-peering-routes")
    );
}

#[tokio::test]
async fn vpc_peering_routes_warn_for_the_whole_peer_and_fail_for_everything() {
    let (_moto, seed, gonogo) = account().await;
    seed.peering_route("10.0.0.0/16", "10.1.0.0/16", "10.1.0.0/16")
        .await;
    expect_status(&gonogo, "security.vpc-peering-routes", "", "warn");
    let table = seed
        .peering_route("10.2.0.0/16", "10.3.0.0/16", "0.0.0.0/0")
        .await;
    let run = expect_status(&gonogo, "security.vpc-peering-routes", "", "fail");
    let message = run.check("security.vpc-peering-routes")["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        message.starts_with(&format!(
            "1 of 2 peering routes failing: {table} routes every address (0.0.0.0/0)"
        )),
        "{message}"
    );
}

#[tokio::test]
async fn vpc_endpoints_fail_for_a_vpc_without_one_and_pass_with_an_s3_gateway() {
    let (_moto, seed, gonogo) = account().await;
    let vpc = seed.vpc("10.0.0.0/16").await;
    let run = expect_status(&gonogo, "operations.vpc-endpoints", "", "fail");
    assert_eq!(
        run.check("operations.vpc-endpoints")["message"],
        format!("{vpc} has no available VPC endpoint")
    );
    seed.s3_gateway_endpoint(&vpc).await;
    let run = expect_status(&gonogo, "operations.vpc-endpoints", "", "pass");
    assert_eq!(
        run.check("operations.vpc-endpoints")["message"],
        format!("{vpc} has endpoints for com.amazonaws.us-east-1.s3")
    );
}
