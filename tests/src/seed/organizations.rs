//! Seeding AWS Organizations: the test account as management account of an organization
//! with a member account in a unit, service control policies, and integrated services.

use aws_sdk_organizations::types::{OrganizationFeatureSet, PolicyType};

use super::Seeder;

/// What [`Seeder::organization`] made.
pub struct SeededOrganization {
    /// The root's id.
    pub root: String,
    /// The unit `prod`.
    pub prod: String,
    /// The member account in `prod`.
    pub member: String,
}

impl Seeder {
    /// An organization with all features, whose management account is the test account, and
    /// a member account `workload` in the unit `prod`; service control policies are enabled
    /// on the root, and none but AWS's `FullAWSAccess` is attached.
    pub async fn organization(&self) -> SeededOrganization {
        let org = &self.organizations;
        org.create_organization()
            .feature_set(OrganizationFeatureSet::All)
            .send()
            .await
            .expect("create_organization");
        let roots = org.list_roots().send().await.expect("list_roots");
        let root = roots.roots()[0].id().expect("root id").to_owned();
        let created = org
            .create_account()
            .account_name("workload")
            .email("workload@example.com")
            .send()
            .await
            .expect("create_account");
        let member = created
            .create_account_status()
            .and_then(|s| s.account_id())
            .expect("account id")
            .to_owned();
        let unit = org
            .create_organizational_unit()
            .parent_id(&root)
            .name("prod")
            .send()
            .await
            .expect("create_organizational_unit");
        let prod = unit
            .organizational_unit()
            .and_then(|u| u.id())
            .expect("unit id")
            .to_owned();
        org.move_account()
            .account_id(&member)
            .source_parent_id(&root)
            .destination_parent_id(&prod)
            .send()
            .await
            .expect("move_account");
        org.enable_policy_type()
            .root_id(&root)
            .policy_type(PolicyType::ServiceControlPolicy)
            .send()
            .await
            .expect("enable_policy_type");
        SeededOrganization { root, prod, member }
    }

    /// A service control policy denying `organizations:LeaveOrganization`, attached to
    /// `target`.
    pub async fn guardrail(&self, name: &str, target: &str) {
        let policy = self
            .organizations
            .create_policy()
            .name(name)
            .description("keeps accounts in the organization")
            .r#type(PolicyType::ServiceControlPolicy)
            .content(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}"#)
            .send()
            .await
            .expect("create_policy");
        let id = policy
            .policy()
            .and_then(|p| p.policy_summary())
            .and_then(|s| s.id())
            .expect("policy id")
            .to_owned();
        self.organizations
            .attach_policy()
            .policy_id(id)
            .target_id(target)
            .send()
            .await
            .expect("attach_policy");
    }

    /// Trusted access for `service`; with `admin`, that member account registered as its
    /// delegated administrator.
    pub async fn integrated_service(&self, service: &str, admin: Option<&str>) {
        self.organizations
            .enable_aws_service_access()
            .service_principal(service)
            .send()
            .await
            .expect("enable_aws_service_access");
        if let Some(admin) = admin {
            self.organizations
                .register_delegated_administrator()
                .account_id(admin)
                .service_principal(service)
                .send()
                .await
                .expect("register_delegated_administrator");
        }
    }
}
