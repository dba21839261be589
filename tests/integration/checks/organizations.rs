//! CIS 2.1.x, AWS Organizations, against moto: the test account as management account.

use crate::{account, expect_status};

#[tokio::test]
async fn guardrails_fail_for_an_account_with_only_full_access_and_pass_from_the_root() {
    let (_moto, seed, gonogo) = account().await;
    let org = seed.organization().await;
    seed.guardrail("deny-leave", &org.prod).await;
    let run = expect_status(&gonogo, "security.org-guardrails", "", "fail");
    let check = run.check("security.org-guardrails");
    assert_eq!(
        check["message"],
        "1 of 2 accounts failing: master (123456789012) has only FullAWSAccess"
    );
    let passing: Vec<&str> = check["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "pass")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        passing,
        [format!("workload ({}) is under deny-leave", org.member)]
    );

    seed.guardrail("deny-regions", &org.root).await;
    expect_status(&gonogo, "security.org-guardrails", "", "pass");
}

#[tokio::test]
async fn delegated_admins_pass_when_delegated_and_warn_for_a_service_run_from_management() {
    let (_moto, seed, gonogo) = account().await;
    let org = seed.organization().await;
    seed.integrated_service("guardduty.amazonaws.com", Some(&org.member))
        .await;
    expect_status(&gonogo, "security.org-delegated-admins", "", "pass");

    seed.integrated_service("securityhub.amazonaws.com", None)
        .await;
    let run = expect_status(&gonogo, "security.org-delegated-admins", "", "warn");
    assert_eq!(
        run.check("security.org-delegated-admins")["message"],
        "1 of 2 integrated services warn: securityhub.amazonaws.com is administered from the \
         management account"
    );
}

#[tokio::test]
async fn an_account_in_no_organization_is_not_applicable_for_every_organization_check() {
    let (_moto, _seed, gonogo) = account().await;
    for id in [
        "security.org-guardrails",
        "security.org-delegated-admins",
        "security.org-policy-delegation",
        "security.org-root-credentials",
    ] {
        let run = expect_status(&gonogo, id, "", "skip");
        assert_eq!(run.check(id)["message"], "not applicable: no organization");
    }
}

#[tokio::test]
async fn what_moto_cannot_answer_in_an_organization_is_an_error_never_a_pass() {
    // moto has neither iam:ListOrganizationsFeatures nor organizations:DescribeResourcePolicy;
    // both sides of these checks are covered with aws-smithy-mocks beside them.
    let (_moto, seed, gonogo) = account().await;
    seed.organization().await;
    expect_status(&gonogo, "security.org-root-credentials", "", "error");
    expect_status(&gonogo, "security.org-policy-delegation", "", "error");
}
